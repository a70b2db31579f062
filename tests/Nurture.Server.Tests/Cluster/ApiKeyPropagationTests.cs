using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.Accounts;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// A key created or revoked through one node reaches every node within seconds: a revoked key must stop
/// working everywhere, not only on the node that handled the revocation.
/// </summary>
public sealed class ApiKeyPropagationTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_key_created_and_then_revoked_on_one_node_is_accepted_then_refused_on_another(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var nodeA = stack.Host;
        var nodeB = await stack.StartHostAsync();

        var created = await (await nodeA.Client.PostAsJsonAsync("/api/keys", new { name = "website form", scopes = new[] { "content:write" } })).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        await NextRefreshAsync(nodeB);
        Assert.Equal(HttpStatusCode.OK, await StatusOnAsync(nodeB, key));

        (await nodeA.Client.DeleteAsync($"/api/keys/{created.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnAsync(nodeA, key)); // the node that revoked it: at once
        await NextRefreshAsync(nodeB);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnAsync(nodeB, key));
    }

    /// <summary>Lets node B's clock reach its next refresh of the keys, and waits until that refresh has read them.</summary>
    private static async Task NextRefreshAsync(NurtureTestHost node)
    {
        var reloaded = node.Service<ApiKeyRefresh>().NextRoundAsync();
        node.Clock.Advance(ApiKeyStore.RefreshInterval);
        await reloaded.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<HttpStatusCode> StatusOnAsync(NurtureTestHost node, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/journeys");
        request.Headers.Add("X-Api-Key", key);
        using var client = new HttpClient { BaseAddress = node.BaseAddress };
        return (await client.SendAsync(request)).StatusCode;
    }
}
