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

    /// <summary>The next id, from the fast lane whenever it has one.</summary>
    public async IAsyncEnumerable<Guid> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_priority.Reader.TryRead(out var urgent))
            {
                yield return urgent;
                continue;
            }
            if (_bulk.Reader.TryRead(out var next))
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
}
