using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>Each activity, run by the real server on SQLite and PostgreSQL.</summary>
public sealed class ActivityTests
{
    private const string Branching = """
        {
          "id": "branching", "name": "Branching",
          "triggers": [{ "type": "LeadCreated" }],
          "activities": [
            { "id": "is-uk", "type": "Condition", "properties": { "condition": { "field": "country", "operator": "in", "value": ["UK", "IE"] } } },
            { "id": "tag-uk", "type": "AddTag", "properties": { "tag": "uk" } },
            { "id": "size", "type": "Switch", "properties": { "cases": [
                { "name": "enterprise", "condition": { "any": [ { "field": "company", "operator": "endsWith", "value": "Corp" }, { "field": "jobTitle", "operator": "contains", "value": "chief" } ] } },
                { "name": "tagged", "condition": { "field": "tags", "operator": "contains", "value": "uk" } } ] } },
            { "id": "bonus", "type": "AdjustScore", "properties": { "points": 7, "reason": "enterprise fit" } },
            { "id": "to-sql", "type": "SetStage", "properties": { "stage": "Sql" } },
            { "id": "untag", "type": "RemoveTag", "properties": { "tag": "uk" } },
            { "id": "end", "type": "Exit" }
          ],
          "connections": [
            { "from": "is-uk", "outcome": "True", "to": "tag-uk" },
            { "from": "is-uk", "outcome": "False", "to": "size" },
            { "from": "tag-uk", "to": "size" },
            { "from": "size", "outcome": "enterprise", "to": "bonus" },
            { "from": "size", "outcome": "tagged", "to": "untag" },
            { "from": "size", "outcome": "Default", "to": "end" },
            { "from": "bonus", "to": "to-sql" },
            { "from": "to-sql", "to": "end" },
            { "from": "untag", "to": "end" }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Condition_switch_tags_score_and_stage_steer_each_lead_its_own_way(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Branching]);
        var host = stack.Host;

        var enterprise = await host.CreateLeadAsync(new { email = "ceo@bigcorp.example", company = "Big Corp", country = "US" });
        var british = await host.CreateLeadAsync(new { email = "pat@example.co.uk", company = "Tea Ltd", country = "UK" });
        var other = await host.CreateLeadAsync(new { email = "sam@example.fr", company = "Fromage SA", country = "FR" });

        var big = await host.LeadAsync(enterprise);
        Assert.Equal((LeadStage.Sql, 7, 0), (big.Stage, big.EngagementScore, big.Tags.Count));
        var uk = await host.LeadAsync(british);
        Assert.Equal((LeadStage.Lead, 0), (uk.Stage, uk.EngagementScore));
        Assert.Empty(uk.Tags); // added by AddTag, then removed by RemoveTag on the "tagged" branch
        Assert.Equal((LeadStage.Lead, 0), ((await host.LeadAsync(other)).Stage, (await host.LeadAsync(other)).EngagementScore));

        await using var db = host.CreateDbContext();
        var ledger = await db.ScoreEntries.SingleAsync(e => e.LeadId == enterprise);
        Assert.Equal((7, "enterprise fit", "journey:branching/bonus"), (ledger.Delta, ledger.Reason, ledger.Rule));
        var transition = await db.StageTransitions.SingleAsync(t => t.LeadId == enterprise && t.To == LeadStage.Sql);
        Assert.Equal(("journey:branching", LeadStage.Lead), (transition.By, transition.From));
        var path = await JournalAsync(db, british);
        Assert.Equal(["is-uk", "tag-uk", "size", "untag", "end"], path);
        Assert.Equal(["is-uk", "size", "end"], await JournalAsync(db, other));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Random_split_is_deterministic_per_lead_and_uses_every_branch(string provider)
    {
        const string split = """
            {
              "id": "ab-test", "name": "A/B",
              "triggers": [{ "type": "LeadCreated" }],
              "activities": [
                { "id": "split", "type": "RandomSplit", "properties": { "branches": [ { "name": "A", "percent": 50 }, { "name": "B", "percent": 50 } ] } },
                { "id": "a", "type": "AddTag", "properties": { "tag": "variant-a" } },
                { "id": "b", "type": "AddTag", "properties": { "tag": "variant-b" } }
              ],
              "connections": [ { "from": "split", "outcome": "A", "to": "a" }, { "from": "split", "outcome": "B", "to": "b" } ]
            }
            """;
        await using var stack = await TestStack.WithJourneysAsync(provider, [split]);

        var variants = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            var id = await stack.Host.CreateLeadAsync(new { email = $"lead{i}@example.com" });
            var tag = Assert.Single((await stack.Host.LeadAsync(id)).Tags);
            Assert.Equal(RandomSplitActivity.Bucket(id, "ab-test", "split") < 50 ? "variant-a" : "variant-b", tag);
            variants.Add(tag);
        }
        Assert.Contains("variant-a", variants);
        Assert.Contains("variant-b", variants);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Goal_records_the_conversion_and_ends_the_run(string provider)
    {
        const string goal = """
            {
              "id": "converts", "name": "Converts",
              "triggers": [{ "type": "LeadCreated" }],
              "activities": [ { "id": "won", "type": "Goal" } ]
            }
            """;
        await using var stack = await TestStack.WithJourneysAsync(provider, [goal]);
        var id = await stack.Host.CreateLeadAsync(new { email = "goal@example.com" });

        await using var db = stack.Host.CreateDbContext();
        var instance = await db.JourneyInstances.SingleAsync(i => i.LeadId == id);
        Assert.Equal((JourneyInstanceStatus.Completed, "goal reached"), (instance.Status, instance.EndReason));
        Assert.Equal(NurtureTestHost.Epoch, instance.ConvertedAt);
        Assert.Null(instance.ActiveKey);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Twelve_month_delay_survives_a_restart_and_fires_on_the_day(string provider)
    {
        const string year = """
            {
              "id": "anniversary", "name": "Anniversary",
              "triggers": [{ "type": "LeadCreated" }],
              "activities": [
                { "id": "wait-a-year", "type": "Delay", "properties": { "duration": "P12M" } },
                { "id": "celebrate", "type": "AddTag", "properties": { "tag": "one-year" } }
              ],
              "connections": [ { "from": "wait-a-year", "to": "celebrate" } ]
            }
            """;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(NurtureTestHost.Epoch);
        await using var stack = await TestStack.WithJourneysAsync(provider, [year], configure: o => o with { Clock = clock });
        var id = await stack.Host.CreateLeadAsync(new { email = "patient@example.com" });

        clock.Advance(TimeSpan.FromDays(364));
        await stack.StopHostAsync();
        var host = await stack.StartHostAsync();
        Assert.Equal(0, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));
        Assert.Empty((await host.LeadAsync(id)).Tags);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));
        Assert.Equal(["one-year"], (await host.LeadAsync(id)).Tags);
    }

    [Fact]
    public async Task Business_hours_delay_waits_for_the_next_opening_in_the_leads_time_zone()
    {
        const string hours = """
            {
              "id": "office-hours", "name": "Office hours",
              "triggers": [{ "type": "LeadCreated" }],
              "activities": [
                { "id": "open", "type": "Delay", "properties": { "businessHours": { "start": "09:00", "end": "17:00", "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] } } },
                { "id": "call", "type": "AddTag", "properties": { "tag": "call-now" } }
              ],
              "connections": [ { "from": "open", "to": "call" } ]
            }
            """;
        // Friday 2026-01-09 20:00 UTC is 12:00 in Los Angeles (open) but 21:00 in Paris (closed until Monday 09:00).
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 9, 20, 0, 0, TimeSpan.Zero));
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", [hours], configure: o => o with { Clock = clock });
        var la = await stack.Host.CreateLeadAsync(new { email = "la@example.com", timeZone = "America/Los_Angeles" });
        var paris = await stack.Host.CreateLeadAsync(new { email = "paris@example.com", timeZone = "Europe/Paris" });

        Assert.Equal(["call-now"], (await stack.Host.LeadAsync(la)).Tags);
        await using var db = stack.Host.CreateDbContext();
        var wait = await db.JourneyWaits.SingleAsync(w => w.LeadId == paris);
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.FromHours(1)), wait.DueAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Delay_until_a_date_then_a_filtered_wait_then_a_handoff_to_the_rep(string provider)
    {
        const string handOff = """
            {
              "id": "pricing-interest", "name": "Pricing interest", "triggers": [ { "type": "LeadCreated" } ],
              "activities": [
                { "id": "monday", "type": "Delay", "properties": { "until": "2026-01-06T09:00:00+01:00" } },
                { "id": "pricing", "type": "WaitForSignal", "properties": { "signalTypes": ["download"], "filters": { "asset": "pricing*" } } },
                { "id": "to-sales", "type": "HandOff", "properties": { "reason": "downloaded the price list" } }
              ],
              "connections": [ { "from": "monday", "to": "pricing" }, { "from": "pricing", "outcome": "Received", "to": "to-sales" } ]
            }
            """;
        await using var stack = await TestStack.WithJourneysAsync(provider, [handOff], smtp: true);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "buyer@example.com", firstName = "Bea", lastName = "Buyer" });
        var sweeper = host.Service<TimerSweeper>();

        host.Clock.Advance(TimeSpan.FromHours(22)); // 07:00 UTC: not yet 09:00 in Paris (08:00 UTC)
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));

        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "download", leadId = id, properties = new { asset = "whitepaper.pdf" } }));
        await using (var db = host.CreateDbContext())
            Assert.Equal("pricing", (await db.JourneyInstances.SingleAsync(i => i.LeadId == id)).CurrentActivityId);

        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "download", leadId = id, properties = new { asset = "pricing-2026.pdf" } }));
        var notification = await stack.Smtp!.WaitForAsync(NurtureTestHost.RepEmail, "New MQL: Bea Buyer");
        Assert.Contains("downloaded the price list", notification.Text, StringComparison.Ordinal);
        Assert.Equal(LeadStage.Mql, (await host.LeadAsync(id)).Stage);
    }

    private static async Task<List<string>> JournalAsync(Core.Data.NurtureDbContext db, Guid leadId)
    {
        var instance = await db.JourneyInstances.SingleAsync(i => i.LeadId == leadId);
        return (await db.Journal.Where(j => j.InstanceId == instance.Id && j.Event == JournalEvent.Executed).ToListAsync())
            .OrderBy(j => j.Step).Select(j => j.ActivityId).ToList();
    }
}
