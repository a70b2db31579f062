using Nurture.Core.Scoring;
using Nurture.Core.Signals;

namespace Nurture.Core.Tests.Signals;

public sealed class SignalQueueTests
{
    private static readonly Guid Lead = Guid.NewGuid();
    private static readonly TimeSpan Check = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Batches_come_from_one_lane_the_fast_one_first_and_never_exceed_the_size()
    {
        var queue = new SignalQueue();
        var bulk = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var urgent = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        bulk.ForEach(id => queue.Enqueue(id, Guid.NewGuid()));
        urgent.ForEach(id => queue.Enqueue(id, Guid.NewGuid(), priority: true));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var batches = new List<IReadOnlyList<Guid>>();
        await foreach (var batch in queue.ReadBatchesAsync(partition: 0, maxBatch: 2, timeout.Token))
        {
            batches.Add(batch);
            if (batches.Sum(b => b.Count) == 8)
                break;
        }

        Assert.Equal([[urgent[0], urgent[1]], [urgent[2]], [bulk[0], bulk[1]], [bulk[2], bulk[3]], [bulk[4]]], batches);
    }

    [Fact]
    public async Task A_batch_holds_each_lead_once_and_a_leads_later_signals_follow_in_later_batches_in_order()
    {
        // A burst over a few leads: a batch is one round of processing only if no lead comes twice in it.
        var queue = new SignalQueue();
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var sent = new[] { a, a, b, a, c, b, c, c }.Select(lead => (Signal: Guid.NewGuid(), Lead: lead)).ToList();
        sent.ForEach(s => queue.Enqueue(s.Signal, s.Lead));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var batches = new List<List<(Guid Signal, Guid Lead)>>();
        await foreach (var batch in queue.ReadBatchesAsync(partition: 0, maxBatch: 2, timeout.Token))
        {
            batches.Add(batch.Select(id => sent.Single(s => s.Signal == id)).ToList());
            if (batches.Sum(x => x.Count) == sent.Count)
                break;
        }

        Assert.All(batches, batch => Assert.Equal(batch.Count, batch.Select(s => s.Lead).Distinct().Count()));
        Assert.Equal([[a, b], [a, c], [a, b], [c], [c]], batches.Select(batch => batch.ConvertAll(s => s.Lead)));
        foreach (var lead in new[] { a, b, c })
            Assert.Equal(sent.Where(s => s.Lead == lead), batches.SelectMany(x => x).Where(s => s.Lead == lead));
    }

    [Fact]
    public void Clicks_downloads_forms_and_hand_raisers_take_the_fast_lane_and_opens_and_page_views_do_not()
    {
        var model = new ScoringModel { HandRaisers = [new HandRaiser { Signal = "demo.requested" }] };
        static Signal Of(string type, string source) => new() { Type = type, Source = source };

        Assert.True(SignalQueue.IsPriority(Of(SignalTypes.Click, "tracking"), model));
        Assert.True(SignalQueue.IsPriority(Of(SignalTypes.Download, "tracking"), model));
        Assert.True(SignalQueue.IsPriority(Of(SignalTypes.Form, "api"), model));
        Assert.True(SignalQueue.IsPriority(Of("demo.requested", "api"), model));
        // A campaign's human opens come by the thousand: in the fast lane they held clicks back.
        Assert.False(SignalQueue.IsPriority(Of(SignalTypes.Open, "tracking"), model));
        Assert.False(SignalQueue.IsPriority(Of("pageview", "api"), model));
    }

    [Fact]
    public async Task A_fast_lane_signal_queued_while_bulk_waits_is_taken_next()
    {
        var queue = new SignalQueue();
        var bulk = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        bulk.ForEach(id => queue.Enqueue(id, Guid.NewGuid()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var batches = queue.ReadBatchesAsync(partition: 0, maxBatch: 2, timeout.Token).GetAsyncEnumerator();

        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([bulk[0], bulk[1]], batches.Current);
        var click = Guid.NewGuid();
        queue.Enqueue(click, Lead, priority: true);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([click], batches.Current);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([bulk[2], bulk[3]], batches.Current);
    }

    [Fact]
    public async Task Bulk_batches_wait_for_spare_capacity_and_a_fast_lane_signal_does_not()
    {
        var clock = new FakeClock();
        long queuedWork = 50; // every core busy
        var queue = new SignalQueue(spare: new SpareCapacity(() => queuedWork) { Clock = clock.Time, CheckEvery = Check, MaxWait = TimeSpan.FromMinutes(1) });
        var open = Guid.NewGuid();
        queue.Enqueue(open, Lead);
        await using var batches = queue.ReadBatchesAsync(partition: 0, maxBatch: 20, CancellationToken.None).GetAsyncEnumerator();

        var first = batches.MoveNextAsync().AsTask();
        clock.Time.Advance(Check * 50);
        Assert.False(first.IsCompleted); // the open waits while the pool is busy, check after check
        var click = Guid.NewGuid();
        queue.Enqueue(click, Lead, priority: true);
        clock.Time.Advance(Check); // the next check sees it
        Assert.True(first.IsCompleted);
        Assert.True(await first);
        Assert.Equal([click], batches.Current);

        var second = batches.MoveNextAsync().AsTask();
        clock.Time.Advance(Check * 50);
        Assert.False(second.IsCompleted);
        queuedWork = 0;
        Assert.True(await clock.Drive(second, Check));
        Assert.Equal([open], batches.Current);
    }

    [Fact]
    public async Task A_stream_of_fast_lane_signals_on_a_busy_pool_does_not_restart_the_bulk_lanes_longest_wait()
    {
        // Every core busy and a click every 2 ms (handoffs under load): each click ends the open's wait, but
        // the open must still go once it has been held back for the longest wait in all.
        var clock = new FakeClock();
        var queue = new SignalQueue(spare: new SpareCapacity(() => 50) { Clock = clock.Time, CheckEvery = Check, MaxWait = TimeSpan.FromMilliseconds(200) });
        var open = Guid.NewGuid();
        queue.Enqueue(open, Lead);
        await using var batches = queue.ReadBatchesAsync(partition: 0, maxBatch: 20, CancellationToken.None).GetAsyncEnumerator();

        var urgentBatches = 0;
        var next = batches.MoveNextAsync().AsTask();
        for (var step = 0; step < 1000 && !(next.IsCompleted && batches.Current.Contains(open)); step++)
        {
            if (step % 2 == 0)
                queue.Enqueue(Guid.NewGuid(), Lead, priority: true);
            clock.Time.Advance(Check);
            if (next.IsCompleted && await next && !batches.Current.Contains(open))
            {
                urgentBatches++;
                next = batches.MoveNextAsync().AsTask();
            }
        }

        Assert.True(await next);
        Assert.Contains(open, batches.Current);
        Assert.True(urgentBatches > 5, $"{urgentBatches} urgent batches went first"); // the clicks did interrupt it
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(202)); // held back the longest wait, no more
    }

    [Fact]
    public async Task Each_lead_belongs_to_one_partition_whose_consumer_gets_its_signals_in_order()
    {
        var queue = new SignalQueue(partitions: 2);
        var leads = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var sent = new List<(Guid Signal, Guid Lead)>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var lead in leads)
            {
                var signal = Guid.NewGuid();
                sent.Add((signal, lead));
                queue.Enqueue(signal, lead, priority: round == 1);
            }
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var received = new List<Guid>[2];
        for (var partition = 0; partition < 2; partition++)
        {
            received[partition] = [];
            await foreach (var batch in queue.ReadBatchesAsync(partition, maxBatch: 7, timeout.Token))
            {
                received[partition].AddRange(batch);
                if (received[partition].Count == sent.Count(s => queue.PartitionOf(s.Lead) == partition))
                    break;
            }
        }

        Assert.All(received, r => Assert.NotEmpty(r)); // 40 leads over two partitions: both get some
        foreach (var lead in leads)
        {
            var partition = queue.PartitionOf(lead);
            var mine = sent.Where(s => s.Lead == lead).Select(s => s.Signal).ToList();
            Assert.Empty(mine.Intersect(received[1 - partition]));
            // The fast lane goes first, so round 1 (priority) precedes rounds 0 and 2, which keep their order.
            Assert.Equal([mine[1], mine[0], mine[2]], received[partition].Where(mine.Contains));
        }
    }
}
