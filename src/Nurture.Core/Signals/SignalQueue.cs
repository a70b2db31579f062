using System.Threading.Channels;
using Nurture.Core.Telemetry;

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
        (priority ? partition.Priority : partition.Bulk).Add(new Queued(signalId, leadId));
        NurtureMetrics.Queued(priority);
    }

    public int PartitionOf(Guid leadId) => (int)((uint)leadId.GetHashCode() % (uint)_partitions.Length);

    /// <summary>
    /// Signals that can qualify a lead at once take the fast lane: clicks, downloads, forms and the model's
    /// hand-raisers. Opens do not: they say little and come by the thousand after a campaign, and in the
    /// fast lane they kept a click waiting behind a send's worth of them.
    /// </summary>
    public static bool IsPriority(Signal signal, IHandRaisers handRaisers)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(handRaisers);
        return signal.Type is SignalTypes.Click or SignalTypes.Download or SignalTypes.Form || handRaisers.IsHandRaiser(signal);
    }

    /// <summary>
    /// One partition's queued ids in batches of at most <paramref name="maxBatch"/>, each from one lane and
    /// of distinct leads (see <see cref="Lane.Take"/>): the fast lane's whenever it has any, so a click never
    /// waits behind a batch of page views it was put in with, only behind the batch already being processed.
    /// A bulk batch first waits for spare capacity, unless a fast-lane signal comes meanwhile. One reader per
    /// partition at a time.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<Guid>> ReadBatchesAsync(int partition, int maxBatch, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var lanes = _partitions[partition];
        // Since when the bulk lane's next batch has been waiting for spare capacity, across urgent batches.
        long? bulkWaitingSince = null;
        while (true)
        {
            if (lanes.Priority.Take(maxBatch) is { } urgent)
            {
                NurtureMetrics.Dequeued(priority: true, urgent.Count);
                yield return urgent;
                continue;
            }
            if (_spare is not null && lanes.Bulk.HasWork)
            {
                bulkWaitingSince ??= _spare.Clock.GetTimestamp();
                if (!await _spare.WaitAsync(() => lanes.Priority.HasWork, cancellationToken, _spare.Clock.GetElapsedTime(bulkWaitingSince.Value)))
                    continue;
                bulkWaitingSince = null;
            }
            if (lanes.Bulk.Take(maxBatch) is { } next)
            {
                NurtureMetrics.Dequeued(priority: false, next.Count);
                yield return next;
                continue;
            }
            var priority = lanes.Priority.WaitToReadAsync(cancellationToken).AsTask();
            var bulk = lanes.Bulk.WaitToReadAsync(cancellationToken).AsTask();
            await Task.WhenAny(priority, bulk);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private readonly record struct Queued(Guid Signal, Guid Lead);

    /// <summary>One lane of a partition: what was queued, and what earlier batches held over. Taken by the partition's one reader.</summary>
    private sealed class Lane
    {
        // How far a batch looks past what it holds over: a flood from one lead cannot make each batch scan it all.
        private const int Lookahead = 4;

        private readonly Channel<Queued> _queued = Channel.CreateUnbounded<Queued>();
        private readonly Queue<Queued> _heldOver = new();

        public void Add(Queued signal) => _queued.Writer.TryWrite(signal);

        public bool HasWork => _heldOver.Count > 0 || _queued.Reader.TryPeek(out _);

        public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _queued.Reader.WaitToReadAsync(cancellationToken);

        /// <summary>
        /// Up to <paramref name="max"/> signals of distinct leads, oldest first; null when there are none. A
        /// lead's next signal, and every one after it, is held over for a later batch in the order it came: a
        /// round processes one signal per lead, and a batch of a burst over a few hundred leads nearly always
        /// repeated one or two of them, which cost a second round (its queries and commit) for those alone.
        /// </summary>
        public List<Guid>? Take(int max)
        {
            if (!HasWork)
                return null;
            var batch = new List<Guid>(Math.Min(max, _heldOver.Count + _queued.Reader.Count));
            var leads = new HashSet<Guid>();
            for (var held = _heldOver.Count; held > 0; held--)
                Place(_heldOver.Dequeue());
            while (batch.Count < max && _heldOver.Count < max * Lookahead && _queued.Reader.TryRead(out var next))
                Place(next);
            return batch;

            void Place(Queued signal)
            {
                // A lead seen in this batch, taken or held, holds all its later signals back.
                if (leads.Add(signal.Lead) && batch.Count < max)
                    batch.Add(signal.Signal);
                else
                    _heldOver.Enqueue(signal);
            }
        }
    }

    private sealed class Partition
    {
        public Lane Priority { get; } = new();
        public Lane Bulk { get; } = new();
    }
}
