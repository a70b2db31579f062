using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Work;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>Signals racing a wait, and signals delivered twice: none lost, none counted twice.</summary>
public sealed class SignalRaceTests
{
    private const string DelayThenWait = """
        {
          "id": "race", "name": "Race", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "pause", "type": "Delay", "properties": { "duration": "PT1H" } },
            { "id": "wait", "type": "WaitForSignal", "properties": { "signalTypes": ["click"], "timeout": "P7D" } },
            { "id": "clicked", "type": "AddTag", "properties": { "tag": "clicked" } },
            { "id": "timed-out", "type": "AddTag", "properties": { "tag": "timed-out" } }
          ],
          "connections": [
            { "from": "pause", "to": "wait" },
            { "from": "wait", "outcome": "Received", "to": "clicked" },
            { "from": "wait", "outcome": "Timeout", "to": "timed-out" }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Signal_committed_while_its_wait_is_being_saved_is_not_lost(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [DelayThenWait]);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "racer@example.com" });
        host.Clock.Advance(TimeSpan.FromHours(1));

        // The timer fires in one unit of work, which reaches the WaitForSignal and adds its waits, unsaved…
        await using (var db = host.CreateDbContext())
        {
            var timer = await db.JourneyWaits.SingleAsync(w => w.LeadId == id);
            var instance = await db.JourneyInstances.SingleAsync(i => i.Id == timer.InstanceId);
            var lead = await db.Leads.SingleAsync(l => l.Id == id);
            var work = new LeadWork(db, lead);
            await host.Service<JourneyRunner>().ResumeAsync(work, instance, timer, timer.DueAt!.Value, null, CancellationToken.None);
            lead.MarkChanged(host.Clock.GetUtcNow());
            Assert.Equal(JourneyInstanceStatus.Waiting, instance.Status);

            // …while the click is committed and processed: it finds no wait to resume yet.
            await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "click", leadId = id }));

            // The first unit of work now loses the race on the lead's revision instead of saving a wait that missed the click.
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        }

        // The sweep retries the timer: the new wait replays the click and the lead goes on.
        Assert.Equal(1, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));
        Assert.Equal(["clicked"], (await host.LeadAsync(id)).Tags);
        await using var after = host.CreateDbContext();
        Assert.Empty(await after.JourneyWaits.Where(w => w.LeadId == id).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Signal_delivered_twice_resumes_the_lead_once(string provider)
    {
        const string twoWaits = """
            {
              "id": "two-clicks", "name": "Two clicks", "triggers": [ { "type": "LeadCreated" } ],
              "activities": [
                { "id": "first", "type": "WaitForSignal", "properties": { "signalTypes": ["click"] } },
                { "id": "one", "type": "AddTag", "properties": { "tag": "one" } },
                { "id": "second", "type": "WaitForSignal", "properties": { "signalTypes": ["click"] } },
                { "id": "two", "type": "AddTag", "properties": { "tag": "two" } }
              ],
              "connections": [ { "from": "first", "outcome": "Received", "to": "one" }, { "from": "one", "to": "second" }, { "from": "second", "outcome": "Received", "to": "two" } ]
            }
            """;
        await using var stack = await TestStack.WithJourneysAsync(provider, [twoWaits]);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "twice@example.com" });

        var signal = new { type = "click", leadId = id, idempotencyKey = "esp-event-1" };
        var first = await host.SignalAsync(signal);
        var again = await host.SignalAsync(signal);
        Assert.Equal(first, again);
        await host.WaitUntilProcessedAsync(first);

        // The duplicate did not move the lead past the second wait.
        Assert.Equal(["one"], (await host.LeadAsync(id)).Tags);
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "click", leadId = id, idempotencyKey = "esp-event-2" }));
        Assert.Equal(["one", "two"], (await host.LeadAsync(id)).Tags);
    }
}
