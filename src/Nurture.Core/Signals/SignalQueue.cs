using System.Threading.Channels;

namespace Nurture.Core.Signals;

/// <summary>
/// The in-process hot path: ids of committed signals, processed at once by <see cref="SignalWorker"/>.
/// Losing it (a crash) loses nothing: the rows stay unprocessed and the replay sweep picks them up.
/// Two lanes: what a person just did in an email (clicks, downloads) and forms go first, so a lead crossing
/// the threshold is handed off in seconds even while a backlog of bulk signals (page views) is worked off.
/// </summary>
public sealed class SignalQueue
{
    private readonly Channel<Guid> _priority = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Channel<Guid> _bulk = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = false });

    public void Enqueue(Guid signalId, bool priority = false) => (priority ? _priority : _bulk).Writer.TryWrite(signalId);

    /// <summary>Signals that can qualify a lead at once take the fast lane.</summary>
    public static bool IsPriority(string type, string source) => source == "tracking" || type == SignalTypes.Form;

    /// <summary>
    /// The queued ids in batches of at most <paramref name="maxBatch"/>, each from one lane: the fast lane's
    /// whenever it has any, so a click never waits behind a batch of page views it was put in with, only
    /// behind the batches already being processed.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<Guid>> ReadBatchesAsync(int maxBatch, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        while (true)
        {
            if (Take(_priority.Reader, maxBatch) is { } urgent)
            {
                yield return urgent;
                continue;
            }
            if (Take(_bulk.Reader, maxBatch) is { } next)
            {
                yield return next;
                continue;
            }
            var priority = _priority.Reader.WaitToReadAsync(cancellationToken).AsTask();
            var bulk = _bulk.Reader.WaitToReadAsync(cancellationToken).AsTask();
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
}
