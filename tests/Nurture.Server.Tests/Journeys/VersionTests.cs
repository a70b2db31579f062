using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>Drafts, immutable versions, diffs, explicit migrations, stats and journals through the API.</summary>
public sealed class VersionTests
{
    private const string V1 = """
        {
          "id": "drip", "name": "Drip", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "first", "type": "AddTag", "properties": { "tag": "v1-first" } },
            { "id": "pause", "type": "Delay", "properties": { "duration": "P3D" } },
            { "id": "second", "type": "AddTag", "properties": { "tag": "v1-second" } }
          ],
          "connections": [ { "from": "first", "to": "pause" }, { "from": "pause", "to": "second" } ]
        }
        """;

    private const string V2 = """
        {
          "id": "drip", "name": "Drip", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "first", "type": "AddTag", "properties": { "tag": "v2-first" } },
            { "id": "short-pause", "type": "Delay", "properties": { "duration": "P1D" } },
            { "id": "second", "type": "AddTag", "properties": { "tag": "v2-second" } }
          ],
          "connections": [ { "from": "first", "to": "short-pause" }, { "from": "short-pause", "to": "second" } ]
        }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Publishing_keeps_running_leads_on_their_version_and_migration_moves_them_explicitly(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [V1]);
        var host = stack.Host;
        var early = await host.CreateLeadAsync(new { email = "early@example.com" });

        Assert.Equal(HttpStatusCode.OK, (await PutDraftAsync(host, "drip", V2)).StatusCode);
        var publish = await host.Client.PostAsync("/api/journeys/drip/publish", null);
        Assert.Equal(2, (await publish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        var late = await host.CreateLeadAsync(new { email = "late@example.com" });
        Assert.Equal(["v1-first"], (await host.LeadAsync(early)).Tags);
        Assert.Equal(["v2-first"], (await host.LeadAsync(late)).Tags);

        var diff = await host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/drip/diff?from=1&to=2");
        Assert.Equal(["short-pause"], diff.GetProperty("activitiesAdded").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["pause"], diff.GetProperty("activitiesRemoved").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["first", "second"], diff.GetProperty("activitiesChanged").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        var versions = await host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/drip/versions");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));

        // A mapping to a node that does not exist is refused, and nothing moves.
        var refused = await host.Client.PostAsJsonAsync("/api/journeys/drip/migrate", new { fromVersion = 1, toVersion = 2, mapping = new Dictionary<string, string> { ["pause"] = "long-pause" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("version 2 has no node 'long-pause'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unmapped = await host.Client.PostAsJsonAsync("/api/journeys/drip/migrate", new { fromVersion = 1, toVersion = 2, mapping = new Dictionary<string, string>() });
        Assert.Contains("'pause'", await unmapped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = host.CreateDbContext())
            Assert.Equal(1, (await db.JourneyInstances.SingleAsync(i => i.LeadId == early)).Version);

        var migrated = await host.Client.PostAsJsonAsync("/api/journeys/drip/migrate", new { fromVersion = 1, toVersion = 2, mapping = new Dictionary<string, string> { ["pause"] = "short-pause" } });
        Assert.Equal(1, (await migrated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved").GetInt32());

        // The early lead waits one day now (v2's delay), and "first" did not run again.
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));
        Assert.Equal(["v1-first", "v2-second"], (await host.LeadAsync(early)).Tags);
        Assert.Equal(["v2-first", "v2-second"], (await host.LeadAsync(late)).Tags);

        await using var after = host.CreateDbContext();
        var instance = await after.JourneyInstances.SingleAsync(i => i.LeadId == early);
        var journal = await host.Client.GetFromJsonAsync<JsonElement>($"/api/journeys/instances/{instance.Id}/journal");
        var steps = journal.GetProperty("entries").EnumerateArray().Select(e => $"{e.GetProperty("activityId").GetString()}:{e.GetProperty("event").GetString()}").ToList();
        Assert.Equal(["first:Executed", "pause:Executed", "pause:Migrated", "short-pause:Executed", "short-pause:Resumed", "second:Executed"], steps);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Stats_count_leads_waiting_passed_and_exited_per_activity(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [V1]);
        var host = stack.Host;
        for (var i = 0; i < 3; i++)
            await host.CreateLeadAsync(new { email = $"stats{i}@example.com" });
        host.Clock.Advance(TimeSpan.FromDays(3));
        await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None);
        await host.CreateLeadAsync(new { email = "stats-late@example.com" });

        var stats = (await host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/drip/stats")).EnumerateArray()
            .ToDictionary(s => s.GetProperty("activityId").GetString()!, s => (s.GetProperty("waiting").GetInt32(), s.GetProperty("passed").GetInt32(), s.GetProperty("exited").GetInt32()));
        Assert.Equal((0, 4, 0), stats["first"]);
        Assert.Equal((1, 4, 0), stats["pause"]);
        Assert.Equal((0, 3, 3), stats["second"]);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Invalid_drafts_are_kept_but_not_published(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [V1]);
        var host = stack.Host;

        var malformed = await PutDraftAsync(host, "drip", "{ \"id\": \"drip\", ");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        const string cyclic = """
            {
              "id": "drip", "name": "Drip", "triggers": [ { "type": "LeadCreated" } ],
              "activities": [
                { "id": "first", "type": "AddTag", "properties": { "tag": "a" } },
                { "id": "ping", "type": "AddTag", "properties": { "tag": "b" } },
                { "id": "pong", "type": "RemoveTag", "properties": { "tag": "b" } }
              ],
              "connections": [ { "from": "first", "to": "ping" }, { "from": "ping", "to": "pong" }, { "from": "pong", "to": "ping" } ]
            }
            """;
        var saved = await PutDraftAsync(host, "drip", cyclic);
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("publishable").GetBoolean());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("message").GetString()!.Contains("loop with no Delay"));

        var publish = await host.Client.PostAsync("/api/journeys/drip/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        Assert.Contains("loop with no Delay", await publish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var versions = await host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/drip/versions");
        Assert.Single(versions.EnumerateArray().ToList());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Elsa_31_export_is_mapped_with_positions_and_opaque_nodes_block_publishing(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [V1]);
        var host = stack.Host;
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "elsa-3.1-onboarding.json"));

        var response = await host.Client.PostAsync("/api/journeys/import/elsa", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var journey = result.GetProperty("journey");
        Assert.Equal("onboarding-flow", journey.GetProperty("id").GetString());
        var activities = journey.GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.Equal("Delay", activities["wait"].GetProperty("type").GetString());
        Assert.Equal("P2D", activities["wait"].GetProperty("properties").GetProperty("duration").GetString());
        Assert.Equal(140, activities["wait"].GetProperty("position").GetProperty("y").GetDouble());
        Assert.Equal("webinar-attended", activities["opened"].GetProperty("properties").GetProperty("signalTypes")[0].GetString());
        Assert.Equal("Opaque", activities["log"].GetProperty("type").GetString());
        Assert.Equal("Elsa.WriteLine", activities["log"].GetProperty("properties").GetProperty("original").GetProperty("type").GetString());
        Assert.False(activities.ContainsKey("start"));
        var connections = journey.GetProperty("connections").EnumerateArray().Select(c => $"{c.GetProperty("from").GetString()}-{c.GetProperty("outcome").GetString()}->{c.GetProperty("to").GetString()}").ToList();
        Assert.Equal(["wait-Done->opened", "opened-Received->log", "log-Done->done"], connections);

        var report = result.GetProperty("report");
        Assert.Equal(["Elsa.WriteLine"], report.GetProperty("unmapped").EnumerateArray().Select(u => u.GetProperty("elsaType").GetString()));
        Assert.False(result.GetProperty("publishable").GetBoolean());

        // Saved as a draft, refused at publish because of the opaque node.
        var publish = await host.Client.PostAsync("/api/journeys/onboarding-flow/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        Assert.Contains("Elsa.WriteLine", await publish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elsa_30_connections_and_bare_inputs_are_read_and_untranslatable_parts_reported()
    {
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", [V1]);
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "elsa-3.0-decision.json"));

        var result = await (await stack.Host.Client.PostAsync("/api/journeys/import/elsa", new StringContent(json, Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();

        var journey = result.GetProperty("journey");
        var activities = journey.GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("type").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["pause"] = "Delay", ["decide"] = "Condition", ["call"] = "Webhook", ["finish"] = "Exit" }, activities);
        var connections = journey.GetProperty("connections").EnumerateArray().Select(c => $"{c.GetProperty("from").GetString()}-{c.GetProperty("outcome").GetString()}->{c.GetProperty("to").GetString()}").ToList();
        Assert.Equal(["pause-Done->decide", "decide-True->call", "decide-False->finish", "call-Done->finish"], connections);
        var notes = result.GetProperty("report").GetProperty("mapped").EnumerateArray().Where(m => m.GetProperty("note").ValueKind == JsonValueKind.String)
            .ToDictionary(m => m.GetProperty("elsaId").GetString()!, m => m.GetProperty("note").GetString()!);
        Assert.Contains("getVariable('Score') > 10", notes["decide"], StringComparison.Ordinal);
        Assert.Contains(result.GetProperty("errors").EnumerateArray(), e => e.GetProperty("activityId").GetString() == "decide" && e.GetProperty("property").GetString() == "condition");

        var notElsa = await stack.Host.Client.PostAsync("/api/journeys/import/elsa", new StringContent("""{ "root": { "type": "Elsa.Sequence" } }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notElsa.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Journal_of_ended_runs_is_pruned_after_the_retention_and_active_runs_keep_theirs(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [V1], configure: o => o.WithSetting("Journeys:JournalRetention", "30.00:00:00"));
        var host = stack.Host;
        var ended = await host.CreateLeadAsync(new { email = "ended@example.com" });
        host.Clock.Advance(TimeSpan.FromDays(3));
        await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None); // "ended" finishes its run
        var active = await host.CreateLeadAsync(new { email = "active@example.com" }); // waits 3 days

        host.Clock.Advance(TimeSpan.FromDays(31));
        var retention = host.Service<JournalRetention>();
        Assert.True(await retention.PruneAsync(CancellationToken.None) > 0);

        await using var db = host.CreateDbContext();
        var endedRun = await db.JourneyInstances.SingleAsync(i => i.LeadId == ended);
        var activeRun = await db.JourneyInstances.SingleAsync(i => i.LeadId == active);
        Assert.Equal(0, await db.Journal.CountAsync(j => j.InstanceId == endedRun.Id));
        Assert.Equal(2, await db.Journal.CountAsync(j => j.InstanceId == activeRun.Id));
    }

    private static Task<HttpResponseMessage> PutDraftAsync(NurtureTestHost host, string id, string json) =>
        host.Client.PutAsync($"/api/journeys/{id}/draft", new StringContent(json, Encoding.UTF8, "application/json"));
}
