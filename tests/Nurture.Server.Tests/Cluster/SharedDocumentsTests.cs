using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nurture.Core.Links;
using Nurture.Server.Documents;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// Templates, assets, the scoring model, the custom fields and the routing are the same on every node: an
/// edit through one node's API reaches the others at their next refresh, and an asset only one node has on
/// disk is served by every node.
/// </summary>
public sealed class SharedDocumentsTests
{
    private const string ExtraAsset = "extra-guide.txt";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Edits_made_through_one_node_are_in_force_on_another_within_a_refresh(string provider)
    {
        var home = RepositoryPaths.CopyHome(Path.Combine(Path.GetTempPath(), "nurture-tests", "home-" + Guid.NewGuid().ToString("N")));
        await File.WriteAllTextAsync(Path.Combine(home, "assets", ExtraAsset), "Only node A's disk has this guide.");
        await using var stack = await TestStack.StartAsync(provider, smtp: false, configure: o => o with { Home = home });
        var nodeA = stack.Host;
        var nodeB = await stack.StartHostAsync(o => o with { Home = Repository.Root });

        // An asset seeded from node A's disk is served by node B, whose assets/ folder lacks it.
        var download = nodeB.Service<TrackingUrls>().Download(Guid.NewGuid(), Guid.NewGuid(), ExtraAsset, nodeB.Clock.GetUtcNow());
        using (var anonymous = new HttpClient { BaseAddress = nodeB.BaseAddress })
        {
            var served = await anonymous.GetAsync(new Uri(download).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("Only node A's disk has this guide.", await served.Content.ReadAsStringAsync());
        }

        await NextRefreshAsync(nodeB); // its first check learns where things stand: later ones load only what changed
        var before = await SubjectOnAsync(nodeB);
        (await nodeA.Client.PutAsJsonAsync("/api/templates/nudge", new { html = "---\nsubject: Edited on node A\n---\n<p>Edited</p>" })).EnsureSuccessStatusCode();
        (await nodeA.Client.PutAsync("/api/fields", new StringContent("""{ "fields": [ { "name": "seats", "type": "number" } ] }"""))).EnsureSuccessStatusCode();
        (await nodeA.Client.PutAsync("/api/routing", new StringContent("""{ "reps": [ { "email": "solo@sales.test" } ], "rules": [ { "name": "all", "target": { "rep": "solo@sales.test" } } ] }""")))
            .EnsureSuccessStatusCode();
        var model = JsonNode.Parse((await nodeA.Client.GetFromJsonAsync<JsonElement>("/api/scoring/model")).GetProperty("model").GetRawText())!;
        var newVersion = model["version"]!.GetValue<int>() + 1;
        model["version"] = newVersion;
        (await nodeA.Client.PutAsJsonAsync("/api/scoring/model", model)).EnsureSuccessStatusCode();
        Assert.Equal(before, await SubjectOnAsync(nodeB)); // not yet: node B reads the database at its next refresh

        await NextRefreshAsync(nodeB);

        Assert.Equal("Edited on node A", await SubjectOnAsync(nodeB));
        Assert.Contains("\"seats\"", await nodeB.Client.GetStringAsync("/api/fields"), StringComparison.Ordinal);
        Assert.Contains("solo@sales.test", await nodeB.Client.GetStringAsync("/api/routing"), StringComparison.Ordinal);
        Assert.Equal(newVersion, (await nodeB.Client.GetFromJsonAsync<JsonElement>("/api/scoring/model")).GetProperty("version").GetInt32());

        // Node B's copy of the model is the newest now, so its own stale edit is refused, not applied over node A's.
        var stale = await nodeB.Client.PutAsJsonAsync("/api/scoring/model", model);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_node_restarted_with_its_older_files_keeps_the_edit_made_in_the_app(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        (await stack.Host.Client.PutAsJsonAsync("/api/templates/nudge", new { html = "---\nsubject: Edited in the app\n---\n<p>Edited</p>" })).EnsureSuccessStatusCode();

        await stack.StopHostAsync();
        var restarted = await stack.StartHostAsync();

        Assert.Equal("Edited in the app", await SubjectOnAsync(restarted));
    }

    private static async Task<string?> SubjectOnAsync(NurtureTestHost node)
    {
        var preview = await node.Client.PostAsJsonAsync("/api/templates/nudge/preview", new { });
        preview.EnsureSuccessStatusCode();
        return (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString();
    }

    /// <summary>Lets the node's clock reach its next check for changes, and waits until that check has loaded them.</summary>
    private static async Task NextRefreshAsync(NurtureTestHost node)
    {
        var checkedOnce = node.Service<SharedDocumentsRefresh>().NextRoundAsync();
        node.Clock.Advance(SharedDocumentsRefresh.Every);
        await checkedOnce.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
