using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Webhooks;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Handoff;

/// <summary>Routing (account owner, round-robin, capacity, working hours), the SLA ladder, accept and reject, the CRM webhook.</summary>
public sealed class HandoffTests : IAsyncLifetime
{
    // Monday 2026-01-05 09:00 UTC: 09:00 in London (working), 04:00 in New York (not yet).
    private const string Routing = """
        {
          "slaMinutes": 15,
          "reps": [
            { "email": "ana@sales.test", "timeZone": "Europe/London", "hours": { "start": "09:00", "end": "17:00" }, "capacity": 2 },
            { "email": "ben@sales.test", "timeZone": "Europe/London", "hours": { "start": "09:00", "end": "17:00" }, "capacity": 1 },
            { "email": "cleo@sales.test", "timeZone": "America/New_York", "hours": { "start": "09:00", "end": "17:00" } },
            { "email": "owner@sales.test" }
          ],
          "teams": [
            { "name": "emea", "members": ["ana@sales.test", "ben@sales.test"], "strategy": "RoundRobin", "manager": "manager@sales.test" },
            { "name": "follow-the-sun", "members": ["cleo@sales.test", "ana@sales.test"], "strategy": "LeastLoaded" }
          ],
          "accounts": [ { "domain": "bigcorp.example", "owner": "owner@sales.test" } ],
          "rules": [
            { "name": "named-accounts", "target": { "accountOwner": true }, "slaMinutes": 10 },
            { "name": "us", "when": { "field": "country", "operator": "equals", "value": "US" }, "target": { "team": "follow-the-sun" } },
            { "name": "everyone-else", "target": { "team": "emea" } }
          ]
        }
        """;

    private readonly string _routingFile = Path.Combine(Path.GetTempPath(), "nurture-tests", $"routing-{Guid.NewGuid():N}.json");
    private readonly TestWebhookReceiver _crm = new();
    private TestStack? _stack;
    private NurtureTestHost _host = null!;

    public Task InitializeAsync() => StartAsync("Sqlite");

    private async Task StartAsync(string provider)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_routingFile)!);
        await File.WriteAllTextAsync(_routingFile, Routing);
        if (_stack is not null)
            await _stack.DisposeAsync();
        _stack = await TestStack.StartAsync(provider, configure: o => o
            .WithSetting("Sales:RoutingFile", _routingFile)
            .WithSetting("Sales:CrmWebhookUrl", _crm.Url));
        _host = _stack.Host;
    }

    public async Task DisposeAsync()
    {
        await _stack!.DisposeAsync();
        _crm.Dispose();
        File.Delete(_routingFile);
    }

    [Fact]
    public async Task Account_owner_round_robin_capacity_and_working_hours_decide_the_rep()
    {
        Assert.Equal("owner@sales.test", (await MqlAsync("cto@eu.bigcorp.example", "GB")).RepEmail);

        // follow-the-sun, least loaded, at 09:00 UTC: Cleo is asleep in New York, so Ana, who is at work.
        var early = await MqlAsync("early@us.example", "US");
        Assert.Equal(("ana@sales.test", "follow-the-sun"), (early.RepEmail, early.Team));

        // emea, round-robin: Ana (now 2 open, her capacity), Ben (1, his): then nobody has room, so the default rep.
        var emea = new List<string>();
        for (var i = 0; i < 3; i++)
            emea.Add((await MqlAsync($"lead{i}@small.example", "GB")).RepEmail);
        Assert.Equal(["ana@sales.test", "ben@sales.test", NurtureTestHost.RepEmail], emea);

        // …and at 15:00 UTC Cleo is at work (10:00 in New York).
        _host.Clock.Advance(TimeSpan.FromHours(6));
        var late = await MqlAsync("late@us.example", "US");
        Assert.Equal(("cleo@sales.test", "follow-the-sun", "us"), (late.RepEmail, late.Team, late.Rule));
        await _stack!.Smtp!.WaitForAsync("cleo@sales.test", "New MQL");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Unaccepted_handoff_is_reminded_reassigned_and_escalated_then_accepted_through_the_signed_link(string provider)
    {
        if (provider != "Sqlite")
            await StartAsync(provider);
        var handoff = await MqlAsync("slow@small.example", "GB");
        Assert.Equal("ana@sales.test", handoff.RepEmail);
        var sla = _host.Service<SlaSweeper>();

        _host.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await sla.SweepAsync(CancellationToken.None));
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await sla.SweepAsync(CancellationToken.None);
        await _stack!.Smtp!.WaitForAsync("ana@sales.test", "Reminder: Sam Slow is waiting for you");
        _host.Clock.Advance(TimeSpan.FromMinutes(15));
        await sla.SweepAsync(CancellationToken.None);
        var reassigned = await _stack!.Smtp!.WaitForAsync("ben@sales.test", "New MQL: Sam Slow");
        _host.Clock.Advance(TimeSpan.FromMinutes(15));
        await sla.SweepAsync(CancellationToken.None);
        await _stack!.Smtp!.WaitForAsync("manager@sales.test", "Escalation: Sam Slow");

        var details = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/handoffs/{handoff.Id}");
        var events = details.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("rep").GetString(), e.GetProperty("at").GetDateTimeOffset())).ToList();
        Assert.Equal(
            [
                ("assigned", "ana@sales.test", NurtureTestHost.Epoch),
                ("reminded", "ana@sales.test", NurtureTestHost.Epoch.AddMinutes(15)),
                ("reassigned", "ben@sales.test", NurtureTestHost.Epoch.AddMinutes(30)),
                ("escalated", "manager@sales.test", NurtureTestHost.Epoch.AddMinutes(45)),
            ], events);

        // Ana's links went with the lead: they answer nothing now, from her mail client or anywhere.
        using var mailClient = new HttpClient { BaseAddress = _host.BaseAddress };
        var anasAccept = AcceptLink(_stack!.Smtp!.To("ana@sales.test").First(e => (e.Message.Subject ?? "").StartsWith("New MQL", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Gone, (await mailClient.GetAsync(anasAccept)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await mailClient.PostAsync(anasAccept, null)).StatusCode);
        Assert.Equal(HandoffStatus.Assigned, await StatusAsync(handoff.Id));

        // Ben accepts from his email: GET only asks, POST accepts.
        var accept = AcceptLink(reassigned);
        Assert.Contains("<form method=\"post\"", await (await _host.Client.GetAsync(accept)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HandoffStatus.Assigned, await StatusAsync(handoff.Id));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.PostAsync(accept, null)).StatusCode);
        Assert.Equal(HandoffStatus.Accepted, await StatusAsync(handoff.Id));
        Assert.Equal(LeadStage.Sal, (await _host.LeadAsync(handoff.LeadId)).Stage);
        Assert.Equal(HttpStatusCode.Conflict, (await _host.Client.PostAsync(accept, null)).StatusCode);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await sla.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Rejected_lead_is_recycled_with_its_engagement_reset_through_the_ledger_and_nurtured_again()
    {
        var handoff = await MqlAsync("notyet@small.example", "GB");

        var missing = await _host.Client.PostAsJsonAsync($"/api/handoffs/{handoff.Id}/reject", new { by = "ana@sales.test" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        (await _host.Client.PostAsJsonAsync($"/api/handoffs/{handoff.Id}/reject", new { by = "ana@sales.test", reason = "student, no budget" })).EnsureSuccessStatusCode();

        var lead = await _host.LeadAsync(handoff.LeadId);
        Assert.Equal((LeadStage.Recycled, 0), (lead.Stage, lead.EngagementScore));
        await using var db = _host.CreateDbContext();
        var reset = await db.ScoreEntries.SingleAsync(e => e.LeadId == handoff.LeadId && e.Rule == "engagement.recycle");
        Assert.Equal((-50, "recycled: rejected by ana@sales.test: student, no budget"), (reset.Delta, reset.Reason));
        Assert.True(await db.JourneyInstances.AnyAsync(i => i.LeadId == handoff.LeadId && i.JourneyId == "recycle-nurture" && i.ActiveKey != null));
        Assert.Contains("student, no budget", (await db.StageTransitions.SingleAsync(t => t.LeadId == handoff.LeadId && t.To == LeadStage.Recycled)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_handoff_is_posted_to_the_CRM_signed()
    {
        var handoff = await MqlAsync("crm@bigcorp.example", "GB");

        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(_crm.Received.Count > 0), "the CRM receives the webhook");
        var webhook = _crm.Received[0];
        Assert.True(WebhookSignature.Verify(NurtureTestHost.WebhookSecret, webhook.Signature, webhook.Body, _host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var body = JsonDocument.Parse(webhook.Body).RootElement;
        Assert.Equal("lead.handoff", body.GetProperty("event").GetString());
        Assert.Equal(handoff.Id, body.GetProperty("details").GetProperty("handoffId").GetGuid());
        Assert.Equal("owner@sales.test", body.GetProperty("details").GetProperty("rep").GetString());
    }

    [Fact]
    public async Task Routing_is_replaced_through_the_API_only_when_valid()
    {
        var bad = await _host.Client.PutAsync("/api/routing", new StringContent("""{ "rules": [ { "name": "x", "target": { "team": "nope" } } ] }"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("rules[0].target.team: 'nope' is not in teams.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Routing, await File.ReadAllTextAsync(_routingFile));
        var badRep = await _host.Client.PutAsync("/api/routing", new StringContent("""{ "reps": [ { "email": "Solo <solo@sales.test>" }, { "email": "solo" } ] }"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRep.StatusCode);
        var problems = await badRep.Content.ReadAsStringAsync();
        Assert.Contains("reps[0].email: 'Solo ", problems, StringComparison.Ordinal); // a display name is not a rep's address
        Assert.Contains("reps[1].email: 'solo' is not an email address.", problems, StringComparison.Ordinal);
        Assert.Equal(Routing, await File.ReadAllTextAsync(_routingFile));

        var good = await _host.Client.PutAsync("/api/routing", new StringContent("""{ "reps": [ { "email": "solo@sales.test" } ], "rules": [ { "name": "all", "target": { "rep": "solo@sales.test" } } ] }"""));
        good.EnsureSuccessStatusCode();
        Assert.Equal("solo@sales.test", (await MqlAsync("any@small.example", "GB")).RepEmail);
    }

    /// <summary>A lead that becomes an MQL at once (a form is worth 50 in the test model); returns its handoff.</summary>
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_nodes_sweeping_at_once_remind_each_rep_once(string provider)
    {
        if (provider != "Sqlite")
            await StartAsync(provider);
        var handoffs = new List<SalesHandoff>();
        for (var i = 0; i < 6; i++)
            handoffs.Add(await MqlAsync($"swept{i}@small.example", "GB"));
        var other = await _stack!.StartHostAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(15));
        other.Clock.Advance(TimeSpan.FromMinutes(15));

        // Both read the same due handoffs; each handoff steps once, whichever node commits first.
        var moved = await Task.WhenAll(
            Task.Run(() => _host.Service<SlaSweeper>().SweepAsync(CancellationToken.None)),
            Task.Run(() => other.Service<SlaSweeper>().SweepAsync(CancellationToken.None)));

        Assert.Equal(handoffs.Count, moved.Sum());
        await using var db = _host.CreateDbContext();
        var ids = handoffs.Select(h => h.Id).ToList();
        var reminded = await db.HandoffEvents.Where(e => ids.Contains(e.HandoffId) && e.Kind == "reminded").GroupBy(e => e.HandoffId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(Enumerable.Repeat(1, handoffs.Count), reminded);
        var reminders = await db.Outbox.CountAsync(m => m.Subject.StartsWith("Reminder:"));
        Assert.Equal(handoffs.Count, reminders);
    }

    private async Task<SalesHandoff> MqlAsync(string email, string country)
    {
        var id = await _host.CreateLeadAsync(new { email, firstName = "Sam", lastName = email.Split('@')[0] is var name ? char.ToUpperInvariant(name[0]) + name[1..] : "", country });
        await _host.WaitUntilProcessedAsync(await _host.SignalAsync(new { type = "form", leadId = id, properties = new { form = "contact" } }));
        await using var db = _host.CreateDbContext();
        return await db.Handoffs.AsNoTracking().SingleAsync(h => h.LeadId == id);
    }

    [Fact]
    public async Task A_reps_link_expires_after_a_week_and_a_signed_in_marketer_cannot_answer_with_it()
    {
        var handoff = await MqlAsync("week@small.example", "GB");
        var accept = AcceptLink(await _stack!.Smtp!.WaitForAsync(handoff.RepEmail, "New MQL"));
        (await _host.Client.PostAsJsonAsync("/api/users", new { email = "mia@marketing.test", role = "marketer", password = "a long enough passphrase" })).EnsureSuccessStatusCode();
        using var marketer = new Accounts.SessionClient(_host.BaseAddress);
        (await marketer.SignInAsync("mia@marketing.test", "a long enough passphrase")).EnsureSuccessStatusCode();

        var refused = await marketer.Http.PostAsync(accept, null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("answers for ana@sales.test", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HandoffStatus.Assigned, await StatusAsync(handoff.Id));

        _host.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        using var mailClient = new HttpClient { BaseAddress = _host.BaseAddress };
        var expired = await mailClient.PostAsync(accept, null);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HandoffStatus.Assigned, await StatusAsync(handoff.Id));
    }

    private static string AcceptLink(ReceivedEmail email) =>
        EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/h/accept/", StringComparison.Ordinal)));

    private async Task<HandoffStatus> StatusAsync(Guid id)
    {
        await using var db = _host.CreateDbContext();
        return (await db.Handoffs.SingleAsync(h => h.Id == id)).Status;
    }
}
