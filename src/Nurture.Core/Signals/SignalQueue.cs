using System.Diagnostics;
using System.Threading.Channels;
using Nurture.Core.Scoring;

namespace Nurture.Core.Signals;

/// <summary>
/// The in-process hot path: ids of committed signals, processed at once by <see cref="SignalWorker"/>.
/// Losing it (a crash) loses nothing: the rows stay unprocessed and the replay sweep picks them up.
/// <para>
/// Partitioned by lead, one consumer per partition: a lead's signals are processed by one consumer in
/// the order they came, and two consumers never work on the same lead at once (shared, two batches of a
/// burst over a few hundred leads nearly always met on some lead; the loser's whole round was redone one
/// signal at a time). Each partition has two lanes: what a person just did in an email (clicks,
/// downloads), forms and hand-raisers go first, so a lead crossing the threshold is handed off in
/// seconds even while a backlog of bulk signals (opens, page views) is worked off. The bulk lane also
/// gives way to requests while the server has no spare capacity (<see cref="SpareCapacity"/>).
/// </para>
/// </summary>
public sealed class SignalQueue
{
    private readonly Partition[] _partitions;
    private readonly SpareCapacity? _spare;

    /// <param name="spare">What bulk batches wait for; null: none wait.</param>
    public SignalQueue(int partitions = 1, SpareCapacity? spare = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _spare = spare;
        _partitions = Enumerable.Range(0, partitions).Select(_ => new Partition()).ToArray();
    }

    public int Partitions => _partitions.Length;

    public void Enqueue(Guid signalId, Guid leadId, bool priority = false)
    {
        var partition = _partitions[PartitionOf(leadId)];
        (priority ? partition.Priority : partition.Bulk).Writer.TryWrite(signalId);
    }

    public int PartitionOf(Guid leadId) => (int)((uint)leadId.GetHashCode() % (uint)_partitions.Length);

    /// <summary>
    /// Signals that can qualify a lead at once take the fast lane: clicks, downloads, forms and the model's
    /// hand-raisers. Opens do not: they say little and come by the thousand after a campaign, and in the
    /// fast lane they kept a click waiting behind a send's worth of them.
    /// </summary>
    public static bool IsPriority(Signal signal, ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(model);
        return signal.Type is SignalTypes.Click or SignalTypes.Download or SignalTypes.Form || model.IsHandRaiser(signal);
    }

    /// <summary>
    /// One partition's queued ids in batches of at most <paramref name="maxBatch"/>, each from one lane: the
    /// fast lane's whenever it has any, so a click never waits behind a batch of page views it was put in
    /// with, only behind the batch already being processed. A bulk batch first waits for spare capacity,
    /// unless a fast-lane signal comes meanwhile.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<Guid>> ReadBatchesAsync(int partition, int maxBatch, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var lanes = _partitions[partition];
        // Since when the bulk lane's next batch has been waiting for spare capacity, across urgent batches.
        Stopwatch? bulkWaiting = null;
        while (true)
        {
            if (Take(lanes.Priority.Reader, maxBatch) is { } urgent)
            {
                yield return urgent;
                continue;
            }
            if (_spare is not null && lanes.Bulk.Reader.TryPeek(out _))
            {
                bulkWaiting ??= Stopwatch.StartNew();
                if (!await _spare.WaitAsync(() => lanes.Priority.Reader.TryPeek(out _), cancellationToken, bulkWaiting.Elapsed))
                    continue;
                bulkWaiting = null;
            }
            if (Take(lanes.Bulk.Reader, maxBatch) is { } next)
            {
                yield return next;
                continue;
            }
            var priority = lanes.Priority.Reader.WaitToReadAsync(cancellationToken).AsTask();
            var bulk = lanes.Bulk.Reader.WaitToReadAsync(cancellationToken).AsTask();
            await Task.WhenAny(priority, bulk);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static List<Guid>? Take(ChannelReader<Guid> lane, int max)
    {
        if (!lane.TryRead(out var first))
            return null;
        var batch = new List<Guid>(Math.Min(max, lane.Count + 1)) { first };
        while (batch.Count < max && lane.TryRead(out var id))
            batch.Add(id);
        return batch;
    }

    private sealed class Partition
    {
        public Channel<Guid> Priority { get; } = Channel.CreateUnbounded<Guid>();
        public Channel<Guid> Bulk { get; } = Channel.CreateUnbounded<Guid>();
    }
}
