using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Leads;
using Nurture.Server.Accounts;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Security;

/// <summary>
/// An API key does what its scopes say and nothing more: a website form's key can record signals and upsert
/// leads, not read them back, erase them, publish journeys or create users.
/// </summary>
public sealed class ApiKeyScopeTests
{
    private static readonly string[] NarrowScopes = ApiScopes.Descriptions.Keys.Where(s => s != ApiScopes.Admin).ToArray();

    [Fact]
    public async Task Every_route_admits_a_key_holding_a_scope_it_names_and_refuses_any_other()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        var keys = new Dictionary<string, HttpClient>();
        foreach (var scope in NarrowScopes)
            keys[scope] = KeyClient(host, await CreateKeyAsync(host, scope, [scope]));

        var routes = ApiRouteTable.Of(host).Where(r => !r.Anonymous).ToList();
        var failures = new List<string>();
        foreach (var route in routes)
        {
            foreach (var (scope, client) in keys)
            {
                using var request = route.Request();
                var status = (await client.SendAsync(request)).StatusCode;
                var admitted = status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
                if (admitted != route.Scopes.Contains(scope))
                    failures.Add($"{route} with {scope}: {(int)status}");
            }
        }
        Assert.Empty(failures);
        // Every narrow scope opens something, and the routes no narrow scope opens are an admin's.
        Assert.All(NarrowScopes, scope => Assert.Contains(routes, r => r.Scopes.Contains(scope)));
        Assert.Contains(routes, r => r.ToString() == $"DELETE /api/leads/{Guid.Empty}" && r.Scopes.SequenceEqual([ApiScopes.Admin]));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_website_form_key_records_and_upserts_but_cannot_read_erase_publish_or_administer(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        using var form = KeyClient(host, await CreateKeyAsync(host, "website form", [ApiScopes.SignalsWrite, ApiScopes.LeadsWrite]));

        var upserted = await form.PostAsJsonAsync("/api/leads", new { email = "visitor@example.com", firstName = "Vi" });
        Assert.True(upserted.IsSuccessStatusCode, $"upsert answered {(int)upserted.StatusCode}");
        var id = (await upserted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await form.PostAsJsonAsync("/api/signals", new { type = "form", leadId = id, properties = new { form = "contact" } })).IsSuccessStatusCode);

        var read = await form.GetAsync($"/api/leads/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        var problem = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("This API key's scopes (leads:write, signals:write) do not allow GET " + $"/api/leads/{id}: it needs leads:read.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await form.DeleteAsync($"/api/leads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await form.PostAsJsonAsync("/api/users", new { email = "x@example.com", role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await form.PostAsJsonAsync("/api/keys", new { name = "more", scopes = new[] { "admin" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await form.PostAsync("/api/journeys/welcome/publish", null)).StatusCode);

        await using var db = host.CreateDbContext();
        Assert.True(await db.Leads.AnyAsync(l => l.Id == id)); // the refused erase erased nothing
        Assert.Equal(1, await db.ApiKeys.CountAsync());
    }

    [Fact]
    public async Task A_key_is_created_only_with_known_scopes_and_lists_them()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var client = stack.Host.Client;

        var none = await client.PostAsJsonAsync("/api/keys", new { name = "crm" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("Choose what the key may do", await none.Content.ReadAsStringAsync());
        var unknown = await client.PostAsJsonAsync("/api/keys", new { name = "crm", scopes = new[] { "leads:read", "everything" } });
        Assert.Contains("'everything' is not a scope", await unknown.Content.ReadAsStringAsync());

        await CreateKeyAsync(stack.Host, "crm", [ApiScopes.LeadsWrite, ApiScopes.LeadsRead]);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/keys");
        var crm = listed.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "crm");
        Assert.Equal(["leads:read", "leads:write"], crm.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Configured_keys_declare_their_scopes_and_the_first_start_key_stops_once_keys_are_configured()
    {
        await using var stack = await TestStack.StartAsync(smtp: false, configure: o => o.WithSetting("Api:Keys:0", ""));
        // The key generated at first start is printed once; generate it again here to hold it.
        await using (var db = stack.Host.CreateDbContext())
            Assert.Equal(1, await db.ApiKeys.Where(k => k.GeneratedAtFirstStart).ExecuteDeleteAsync());
        var generated = await stack.Host.Service<ApiKeyStore>().InitializeAsync(CancellationToken.None);
        Assert.NotNull(generated);
        using (var firstStart = KeyClient(stack.Host, generated))
            Assert.Equal(HttpStatusCode.OK, (await firstStart.GetAsync("/api/users")).StatusCode);

        await stack.StopHostAsync();
        const string FormKey = "configured-form-key-0123456789";
        var host = await stack.StartHostAsync(o => o.WithSetting("Api:Keys:0", null)
            .WithSetting("Api:Keys:0:Key", FormKey).WithSetting("Api:Keys:0:Scopes", "signals:write, leads:write"));

        using (var firstStart = KeyClient(host, generated))
            Assert.Equal(HttpStatusCode.Unauthorized, (await firstStart.GetAsync("/api/users")).StatusCode);
        using var configured = KeyClient(host, FormKey);
        Assert.True((await configured.PostAsJsonAsync("/api/leads", new { email = "configured@example.com" })).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await configured.GetAsync("/api/leads")).StatusCode);
        await using (var db = host.CreateDbContext())
            Assert.False(await db.ApiKeys.AnyAsync());
    }

    [Theory]
    [InlineData("Scopes", "signals:write everything", "Api:Keys:0:Scopes has 'everything', which is not a scope")]
    [InlineData("Scopes", "", "Api:Keys:0:Scopes is empty")]
    [InlineData("Key", "short", "Api:Keys:0 must be at least 16 characters long (got 5).")]
    public async Task A_bad_configured_key_stops_the_start_and_says_which(string setting, string value, string message)
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        await stack.StopHostAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stack.StartHostAsync(o => o.WithSetting("Api:Keys:0", null)
            .WithSetting("Api:Keys:0:Key", "configured-form-key-0123456789").WithSetting("Api:Keys:0:Scopes", "signals:write").WithSetting($"Api:Keys:0:{setting}", value)));
        Assert.Contains(message, error.Message);
    }

    private static async Task<string> CreateKeyAsync(NurtureTestHost host, string name, string[] scopes)
    {
        var response = await host.Client.PostAsJsonAsync("/api/keys", new { name, scopes });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static HttpClient KeyClient(NurtureTestHost host, string key)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        return client;
    }
}
