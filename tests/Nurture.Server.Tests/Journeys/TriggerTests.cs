using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Webhooks;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>Every trigger type, the journey settings, and webhooks, through the real server.</summary>
public sealed class TriggerTests
{
    private static string TagJourney(string id, string trigger, string tag, string settings = "{}") => $$"""
        {
          "id": "{{id}}", "name": "{{id}}", "triggers": [ {{trigger}} ], "settings": {{settings}},
          "activities": [ { "id": "tag", "type": "AddTag", "properties": { "tag": "{{tag}}" } } ]
        }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Each_trigger_starts_its_journey_only_on_its_event(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider,
        [
            TagJourney("on-form", """{ "type": "FormSubmitted", "form": "demo-request" }""", "demo"),
            TagJourney("on-download", """{ "type": "SignalReceived", "signalType": "download", "filters": { "asset": "pricing*" } }""", "pricing"),
            TagJourney("on-score", """{ "type": "ScoreCrossed", "value": 8 }""", "warm"),
            TagJourney("on-stage", """{ "type": "StageChanged", "stage": "Mql" }""", "mql"),
            TagJourney("on-tag", """{ "type": "TagAdded", "tag": "warm" }""", "followed-warm"),
        ]);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "triggers@example.com" });
        Assert.Empty((await host.LeadAsync(id)).Tags);

        await Signal(host, id, "click", new { url = "https://example.com" }); // +5: under 8
        Assert.Empty((await host.LeadAsync(id)).Tags);

        // +10 = 15: crosses 8 ("warm", whose TagAdded starts "on-tag") and the MQL threshold (StageChanged to Mql).
        await Signal(host, id, "download", new { asset = "whitepaper.pdf" });
        Assert.Equal(["followed-warm", "mql", "warm"], (await host.LeadAsync(id)).Tags.Order());

        await Signal(host, id, "download", new { asset = "pricing-2026.pdf" });
        Assert.Contains("pricing", (await host.LeadAsync(id)).Tags);

        await Signal(host, id, "form", new { form = "newsletter" });
        Assert.DoesNotContain("demo", (await host.LeadAsync(id)).Tags);
        await Signal(host, id, "form", new { form = "demo-request" });
        Assert.Contains("demo", (await host.LeadAsync(id)).Tags);

        await using var db = host.CreateDbContext();
        Assert.Equal(5, await db.JourneyInstances.CountAsync(i => i.LeadId == id));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reentry_never_after_exit_and_always_are_honoured(string provider)
    {
        static string Journey(string id, string reentry) => $$"""
            {
              "id": "{{id}}", "name": "{{id}}", "settings": { "reentry": "{{reentry}}" },
              "triggers": [ { "type": "SignalReceived", "signalType": "webinar" } ],
              "activities": [ { "id": "pause", "type": "Delay", "properties": { "duration": "P1D" } }, { "id": "end", "type": "Exit" } ],
              "connections": [ { "from": "pause", "to": "end" } ]
            }
            """;
        await using var stack = await TestStack.WithJourneysAsync(provider, [Journey("never", "never"), Journey("after-exit", "afterExit"), Journey("always", "always")]);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "again@example.com" });

        await Signal(host, id, "webinar", new { name = "one" });
        await Signal(host, id, "webinar", new { name = "two" }); // all three still active
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None); // every run ends
        await Signal(host, id, "webinar", new { name = "three" });

        await using var db = host.CreateDbContext();
        var counts = await db.JourneyInstances.Where(i => i.LeadId == id).GroupBy(i => i.JourneyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.Equal(1, counts["never"]);
        Assert.Equal(2, counts["after-exit"]);
        Assert.Equal(3, counts["always"]);
        Assert.Equal([1, 2], await db.JourneyInstances.Where(i => i.LeadId == id && i.JourneyId == "after-exit").Select(i => i.Entry).OrderBy(e => e).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Exit_criteria_and_goal_end_waiting_runs_at_once(string provider)
    {
        const string nurture = """
            {
              "id": "nurture", "name": "Nurture", "settings": { "exit": { "stages": ["Sql", "Customer"] } },
              "triggers": [ { "type": "LeadCreated" } ],
              "activities": [ { "id": "long-wait", "type": "Delay", "properties": { "duration": "P30D" } }, { "id": "late", "type": "AddTag", "properties": { "tag": "late" } } ],
              "connections": [ { "from": "long-wait", "to": "late" } ]
            }
            """;
        const string demo = """
            {
              "id": "book-demo", "name": "Book a demo",
              "settings": { "goal": { "signalType": "form", "filters": { "form": "demo-request" } } },
              "triggers": [ { "type": "LeadCreated" } ],
              "activities": [ { "id": "wait", "type": "WaitForSignal", "properties": { "signalTypes": ["pageview"], "timeout": "P14D" } } ]
            }
            """;
        const string promote = """
            {
              "id": "promote", "name": "Promote", "triggers": [ { "type": "SignalReceived", "signalType": "sales-call" } ],
              "activities": [ { "id": "sql", "type": "SetStage", "properties": { "stage": "Sql" } } ]
            }
            """;
        await using var stack = await TestStack.WithJourneysAsync(provider, [nurture, demo, promote]);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "exits@example.com" });

        await Signal(host, id, "form", new { form = "demo-request" });
        await Signal(host, id, "sales-call", new { minutes = 20 });

        await using var db = host.CreateDbContext();
        var runs = await db.JourneyInstances.Where(i => i.LeadId == id).ToDictionaryAsync(i => i.JourneyId);
        Assert.Equal((JourneyInstanceStatus.Completed, "goal reached"), (runs["book-demo"].Status, runs["book-demo"].EndReason));
        Assert.NotNull(runs["book-demo"].ConvertedAt);
        Assert.Equal((JourneyInstanceStatus.Completed, "exit: stage Sql"), (runs["nurture"].Status, runs["nurture"].EndReason));
        Assert.Null(runs["nurture"].ConvertedAt);
        Assert.Empty(await db.JourneyWaits.Where(w => w.LeadId == id).ToListAsync());
        Assert.Equal(LeadStage.Sql, (await host.LeadAsync(id)).Stage);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Webhook_is_signed_and_retried_after_a_server_error(string provider)
    {
        using var receiver = new TestWebhookReceiver();
        receiver.AnswerNext(HttpStatusCode.InternalServerError);
        var journey = $$"""
            {
              "id": "crm-sync", "name": "CRM sync", "triggers": [ { "type": "LeadCreated" } ],
              "activities": [ { "id": "notify", "type": "Webhook", "properties": { "url": "{{receiver.Url}}", "event": "lead.created" } } ]
            }
            """;
        // The receiver listens on loopback, which only a trusted host may reach.
        await using var stack = await TestStack.WithJourneysAsync(provider, [journey], configure: o => o.WithSetting("Webhooks:AllowedHosts:0", "127.0.0.1"));
        var host = stack.Host;
        await host.CreateLeadAsync(new { email = "crm@example.com", firstName = "Crm" });

        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Webhooks.AnyAsync(w => w.Attempts == 1 && w.Status == WebhookStatus.Pending && w.LastError == "HTTP 500");
        }, "the first attempt's failure is recorded");
        host.Clock.Advance(TimeSpan.FromSeconds(15)); // past the first backoff (10 s ± 20 %)
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(receiver.Received.Count == 2), "the retry arrives");

        var (first, retry) = (receiver.Received[0], receiver.Received[1]);
        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.OK), (first.Answer, retry.Answer));
        Assert.Equal(first.DeliveryId, retry.DeliveryId);
        Assert.True(WebhookSignature.Verify(NurtureTestHost.JourneyWebhookSecret, retry.Signature, retry.Body, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("another-secret-that-is-long-enough-000000", retry.Signature, retry.Body, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(NurtureTestHost.JourneyWebhookSecret, retry.Signature, retry.Body.Replace("Crm", "Mallory"), host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        // The CRM's secret does not sign a journey's call: a journey cannot pose as a handoff.
        Assert.False(WebhookSignature.Verify(NurtureTestHost.WebhookSecret, retry.Signature, retry.Body, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        using var body = JsonDocument.Parse(retry.Body);
        Assert.Equal("lead.created", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("crm@example.com", body.RootElement.GetProperty("lead").GetProperty("email").GetString());

        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Webhooks.AnyAsync(w => w.Status == WebhookStatus.Delivered && w.Attempts == 2);
        }, "the webhook is recorded as delivered on the second attempt");
    }

    private static async Task Signal(NurtureTestHost host, Guid leadId, string type, object properties) =>
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type, leadId, properties }));
}
