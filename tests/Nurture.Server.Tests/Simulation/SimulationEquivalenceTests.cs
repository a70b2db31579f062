using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Leads.Conditions;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Core.Simulation;
using Nurture.Server.Simulation;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Simulation;

/// <summary>
/// The simulation against the real thing: the same leads, the same journey and the same scripted prospects,
/// once simulated and once run by the server under a fake clock (SMTP, tracking links, signal worker, sweeps),
/// hour by hour as the simulation steps. Quiet hours are on: the nudges, due at 22:00, wait for the morning.
/// </summary>
public sealed class SimulationEquivalenceTests
{
    // Monday 20:00 UTC: the welcomes go at once; the follow-ups answer clicks, so quiet hours do not hold them.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 20, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(6);
    private const int Leads = 8;

    private const string Journey = """
        { "id": "equivalence", "name": "Equivalence", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "welcome", "type": "SendEmail", "properties": { "template": "welcome" } },
            { "id": "wait", "type": "WaitForSignal", "properties": { "signalTypes": ["click"], "timeout": "P3DT2H" } },
            { "id": "follow-up", "type": "SendEmail", "properties": { "template": "follow-up" } },
            { "id": "nudge", "type": "SendEmail", "properties": { "template": "nudge" } },
            { "id": "done", "type": "Exit" }
          ],
          "connections": [
            { "from": "welcome", "to": "wait" },
            { "from": "wait", "outcome": "Received", "to": "follow-up" },
            { "from": "wait", "outcome": "Timeout", "to": "nudge" },
            { "from": "follow-up", "to": "done" }
          ] }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_simulation_and_a_real_run_give_the_same_steps_emails_and_handoffs(string provider)
    {
        var clock = new FakeTimeProvider(Start);
        await using var stack = await TestStack.WithJourneysAsync(provider, [Journey], smtp: true, o => (o with { Clock = clock })
            .WithSetting("Email:SendingHours:Start", "08:00").WithSetting("Email:SendingHours:End", "21:00"));
        var host = stack.Host;
        for (var i = 0; i < Leads; i++)
            await host.CreateLeadAsync(new { email = $"lead{i}@equivalence.test", firstName = $"Lee{i}" });

        var simulated = await SimulateAsync(host);
        var real = await RunForRealAsync(host, stack.Smtp!, clock);

        Assert.Equal(real.Entered, simulated.Steps.ToDictionary(s => s.Id, s => s.Entered));
        Assert.Equal(real.Stuck, simulated.Steps.ToDictionary(s => s.Id, s => s.Stuck));
        Assert.Equal(real.Emails, simulated.Emails.SentByTemplate);
        Assert.Equal(real.Handoffs, simulated.Handoffs.ToDictionary(h => h.Rep, h => h.Total));
        Assert.Equal(real.Mql, simulated.Mql.Crossed);
        // The script makes what is compared worth comparing: both branches, quiet hours, MQLs and handoffs.
        Assert.Equal(new Dictionary<string, int> { ["welcome"] = 8, ["follow-up"] = 4, ["nudge"] = 4 }, real.Emails);
        Assert.Equal(2, real.Mql);
        Assert.Equal(4, simulated.Emails.HeldByQuietHours);
    }

    /// <summary>
    /// Even leads click the welcome two hours after it arrives; every fourth also downloads its white paper an
    /// hour later (5 + 10 points: an MQL at 15, handed to the rep) and clicks the follow-up an hour after it.
    /// </summary>
    private sealed class Script : IResponseModel
    {
        public IReadOnlyList<Response> Respond(SentEmail email)
        {
            var i = int.Parse(email.LeadEmail["lead".Length..email.LeadEmail.IndexOf('@')], System.Globalization.CultureInfo.InvariantCulture);
            return (email.Template, i % 2, i % 4) switch
            {
                ("welcome", 0, 0) => [new(SignalTypes.Click, TimeSpan.FromHours(2)), new(SignalTypes.Download, TimeSpan.FromHours(3))],
                ("welcome", 0, _) => [new(SignalTypes.Click, TimeSpan.FromHours(2))],
                ("follow-up", 0, 0) => [new(SignalTypes.Click, TimeSpan.FromHours(1))],
                _ => [],
            };
        }
    }

    private static async Task<SimulationResult> SimulateAsync(NurtureTestHost host)
    {
        var settings = new SimulationSettings
        {
            Population = new PopulationSpec { Filter = new LeadCondition { Field = "email", Operator = "endsWith", Value = System.Text.Json.JsonSerializer.SerializeToElement("@equivalence.test") } },
            Horizon = Horizon,
            Seed = 1,
            Runs = 1,
            RepAcceptAfter = null,
        };
        var definition = JourneyParser.Parse(Journey, "test");
        var answer = await host.Service<JourneySimulator>().SimulateAsync(definition, "draft", settings, Start, CancellationToken.None, _ => new Script());
        return answer.Result;
    }

    private sealed record RealRun(Dictionary<string, int> Entered, Dictionary<string, int> Stuck, Dictionary<string, int> Emails, Dictionary<string, int> Handoffs, int Mql);

    /// <summary>Hour by hour, as the simulation steps: the responses due, then the sweep, then a delivery pass; each email delivered schedules its lead's responses.</summary>
    private static async Task<RealRun> RunForRealAsync(NurtureTestHost host, TestSmtpServer smtp, FakeTimeProvider clock)
    {
        var due = new List<(DateTimeOffset At, string Path, string Ip)>();
        var seen = new HashSet<Guid>();
        var script = new Script();
        for (var now = Start; now <= Start + Horizon; now += TimeSpan.FromHours(1))
        {
            clock.SetUtcNow(now);
            foreach (var hit in due.Where(d => d.At == now).ToList())
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, hit.Path);
                request.Headers.Add("X-Forwarded-For", hit.Ip);
                await host.Client.SendAsync(request);
            }
            await NurtureTestHost.EventuallyAsync(async () =>
            {
                await using var db = host.CreateDbContext();
                return !await db.Signals.AnyAsync(s => s.ProcessedAt == null);
            }, "every hit is processed");
            await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None);
            await host.DeliveryPassAsync();

            await using var sent = host.CreateDbContext();
            foreach (var message in await sent.Outbox.AsNoTracking().Where(m => m.Kind == MessageKind.Marketing && m.SentAt != null).ToListAsync())
            {
                if (!seen.Add(message.Id))
                    continue;
                Assert.Equal(now, message.SentAt); // delivered in this hour's pass, as in the simulation
                var html = smtp.Received.Single(r => r.Message.MessageId == message.MessageIdHeader).Message.HtmlBody ?? "";
                var hrefs = EmailLinks.Hrefs(html);
                foreach (var response in script.Respond(new SentEmail(message.Recipient, message.TemplateName!, 1)))
                {
                    var kind = response.SignalType == SignalTypes.Click ? "/t/c/" : "/t/d/";
                    due.Add((now + response.After, EmailLinks.PathOf(hrefs.First(h => h.Contains(kind, StringComparison.Ordinal))), $"198.51.100.{message.Recipient[4]}"));
                }
            }
        }

        await using var db = host.CreateDbContext();
        var entered = await db.Journal.Where(j => j.Event == JournalEvent.Executed).GroupBy(j => j.ActivityId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var waiting = await db.JourneyInstances.Where(i => i.Status == JourneyInstanceStatus.Waiting).GroupBy(i => i.CurrentActivityId!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var emails = await db.Outbox.Where(m => m.Kind == MessageKind.Marketing && m.SentAt != null).GroupBy(m => m.TemplateName!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var handoffs = await db.Handoffs.GroupBy(h => h.RepEmail).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var steps = JourneyParser.Parse(Journey, "test").Activities.Select(a => a.Id).ToList();
        return new RealRun(
            steps.ToDictionary(s => s, s => entered.FirstOrDefault(e => e.Key == s)?.Count ?? 0),
            steps.ToDictionary(s => s, s => waiting.FirstOrDefault(e => e.Key == s)?.Count ?? 0),
            emails.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Count),
            handoffs.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Count),
            await db.StageTransitions.Where(t => t.To == LeadStage.Mql).Select(t => t.LeadId).Distinct().CountAsync());
    }
}
