using Nurture.Core.Signals;

namespace Nurture.Core.Tests.Signals;

public sealed class SignalQueueTests
{
    [Fact]
    public async Task Batches_come_from_one_lane_the_fast_one_first_and_never_exceed_the_size()
    {
        var queue = new SignalQueue();
        var bulk = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var urgent = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        bulk.ForEach(id => queue.Enqueue(id));
        urgent.ForEach(id => queue.Enqueue(id, priority: true));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var batches = new List<IReadOnlyList<Guid>>();
        await foreach (var batch in queue.ReadBatchesAsync(maxBatch: 2, timeout.Token))
        {
            batches.Add(batch);
            if (batches.Sum(b => b.Count) == 8)
                break;
        }

        Assert.Equal([[urgent[0], urgent[1]], [urgent[2]], [bulk[0], bulk[1]], [bulk[2], bulk[3]], [bulk[4]]], batches);
    }

    [Fact]
    public async Task A_fast_lane_signal_queued_while_bulk_waits_is_taken_next()
    {
        var queue = new SignalQueue();
        var bulk = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        bulk.ForEach(id => queue.Enqueue(id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var batches = queue.ReadBatchesAsync(maxBatch: 2, timeout.Token).GetAsyncEnumerator();

        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([bulk[0], bulk[1]], batches.Current);
        var click = Guid.NewGuid();
        queue.Enqueue(click, priority: true);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([click], batches.Current);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([bulk[2], bulk[3]], batches.Current);
    }
}
