using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>Journey state lives in the database: a stopped server loses nothing, waits survive restarts.</summary>
public sealed class DurabilityTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Signal_after_a_restart_resumes_the_lead_where_it_waited(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider);
        var smtp = stack.Smtp!;
        var leadId = await stack.Host.CreateLeadAsync(new { email = "grace@example.com", firstName = "Grace" });
        await smtp.WaitForAsync("grace@example.com", "Welcome, Grace");
        await using (var db = stack.Host.CreateDbContext())
        {
            var instance = await db.JourneyInstances.SingleAsync(i => i.LeadId == leadId);
            Assert.Equal(JourneyInstanceStatus.Waiting, instance.Status);
            Assert.Equal("wait-for-engagement", instance.CurrentActivityId);
        }

        await stack.StopHostAsync();
        var second = await stack.StartHostAsync(options => options with { Clock = new FakeTimeProvider(NurtureTestHost.Epoch.AddHours(1)) });
        var response = await second.Client.PostAsJsonAsync("/api/signals", new { type = "click", email = "grace@example.com", properties = new { url = "https://example.com/pricing" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await smtp.WaitForAsync("grace@example.com", "three ways teams answer leads faster");
        await using var after = second.CreateDbContext();
        var resumed = await after.JourneyInstances.SingleAsync(i => i.LeadId == leadId);
        Assert.Equal(JourneyInstanceStatus.Completed, resumed.Status);
        Assert.Empty(await after.JourneyWaits.Where(w => w.LeadId == leadId).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Timeout_fires_after_a_week_across_a_restart_then_the_delay_runs(string provider)
    {
        var clock = new FakeTimeProvider(NurtureTestHost.Epoch);
        TestHostOptions Options(TestHostOptions options) => options with { Clock = clock };
        await using var stack = await TestStack.StartAsync(provider, configure: Options);
        var smtp = stack.Smtp!;

        var leadId = await stack.Host.CreateLeadAsync(new { email = "linus@example.com", firstName = "Linus" });
        await stack.Host.WaitUntilRecordedAsSentAsync(await smtp.WaitForAsync("linus@example.com", "Welcome, Linus"));
        clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, await stack.Host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));

        await stack.StopHostAsync();
        var second = await stack.StartHostAsync(Options);
        var sweeper = second.Service<TimerSweeper>();
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None)); // the 7-day timeout
        await using (var db = second.CreateDbContext())
            Assert.Equal("nudge-delay", (await db.JourneyInstances.SingleAsync(i => i.LeadId == leadId)).CurrentActivityId);

        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None)); // the 2-day delay
        await smtp.WaitForAsync("linus@example.com", "Did you get a chance to read it, Linus?");
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        Assert.DoesNotContain(smtp.Received, e => e.Message.Subject!.Contains("three ways", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quartz_runs_the_timer_sweep_on_its_schedule()
    {
        // The sweep job is scheduled every 200 ms; moving the fake clock a week makes the timeout due.
        await using var stack = await TestStack.StartAsync(smtp: false, configure: o => o.WithSetting("Journeys:SweepInterval", "00:00:00.200"));
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "quartz@example.com" });
        host.Clock.Advance(TimeSpan.FromDays(7));

        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return (await db.JourneyInstances.SingleAsync(i => i.LeadId == leadId)).CurrentActivityId == "nudge-delay";
        }, "Quartz's sweep fires the 7-day timeout");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Signal_with_the_same_idempotency_key_is_recorded_and_scored_once(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "once@example.com" });

        var signal = new { type = "click", leadId, idempotencyKey = "crm-event-42" };
        var first = await (await host.Client.PostAsJsonAsync("/api/signals", signal)).Content.ReadFromJsonAsync<SignalAccepted>();
        var second = await (await host.Client.PostAsJsonAsync("/api/signals", signal)).Content.ReadFromJsonAsync<SignalAccepted>();

        Assert.False(first!.Duplicate);
        Assert.True(second!.Duplicate);
        Assert.Equal(first.Id, second.Id);
        await NurtureTestHost.EventuallyAsync(async () => (await host.GetLeadAsync(leadId)).GetProperty("score").GetProperty("engagement").GetInt32() == 5, "the click is scored");
        await using var db = host.CreateDbContext();
        Assert.Equal(1, await db.Signals.CountAsync(s => s.LeadId == leadId));
        Assert.Equal(1, await db.ScoreEntries.CountAsync(e => e.LeadId == leadId));
    }

    private sealed record SignalAccepted(Guid Id, Guid LeadId, bool Duplicate);
}
