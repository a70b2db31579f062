using Nurture.Core.Data;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// Sweeps that look at every node's rows run on one node at a time: two nodes replaying the backlog at once
/// queue each stale signal once, not once per node; a node that stops hands the sweep over at once, and one
/// that dies loses it when its lease lapses.
/// </summary>
public sealed class SweepLeaseTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_nodes_replaying_at_once_queue_each_stale_signal_once(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var nodeA = stack.Host;
        var nodeB = await stack.StartHostAsync(o => o with { Clock = nodeA.Clock });
        await StaleSignalsAsync(nodeA, 30);

        var queued = await Task.WhenAll(
            Task.Run(() => nodeA.Service<SignalReplaySweeper>().SweepAsync(CancellationToken.None)),
            Task.Run(() => nodeB.Service<SignalReplaySweeper>().SweepAsync(CancellationToken.None)));

        Assert.Equal(30, queued.Sum());
        Assert.Contains(0, queued);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_sweep_passes_to_another_node_when_its_holder_stops_or_its_lease_lapses(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var first = stack.Host.Service<SweepLeases>();
        var second = (await stack.StartHostAsync(o => o with { Clock = stack.Host.Clock })).Service<SweepLeases>();
        var clock = stack.Host.Clock;
        var hold = TimeSpan.FromSeconds(25);

        Assert.True(await first.TryHoldAsync("test-sweep", hold, CancellationToken.None));
        Assert.False(await second.TryHoldAsync("test-sweep", hold, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await first.TryHoldAsync("test-sweep", hold, CancellationToken.None)); // the holder renews
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await second.TryHoldAsync("test-sweep", hold, CancellationToken.None)); // renewed: still held

        clock.Advance(hold); // the holder stopped renewing, as a dead node does
        Assert.True(await second.TryHoldAsync("test-sweep", hold, CancellationToken.None));
        Assert.False(await first.TryHoldAsync("test-sweep", hold, CancellationToken.None));

        await second.StopAsync(CancellationToken.None); // a node that stops hands it back at once
        Assert.True(await first.TryHoldAsync("test-sweep", hold, CancellationToken.None));
    }

    /// <summary>Signals committed a minute ago and never processed: what a node that died leaves behind.</summary>
    private static async Task StaleSignalsAsync(NurtureTestHost host, int count)
    {
        var leadId = await host.CreateLeadAsync(new { email = "stale@example.com" });
        var at = host.Clock.GetUtcNow() - TimeSpan.FromMinutes(1);
        await using var db = host.CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            db.Signals.Add(new Signal
            {
                Id = Guid.CreateVersion7(at.AddMilliseconds(i)), LeadId = leadId, Type = "webinar", Source = "api",
                OccurredAt = at, ReceivedAt = at.AddMilliseconds(i),
            });
        }
        await db.SaveChangesAsync();
    }
}
