using System.Threading.Channels;

namespace Nurture.Core.Signals;

/// <summary>
/// The in-process hot path: ids of committed signals, processed at once by <see cref="SignalWorker"/>.
/// Losing it (a crash) loses nothing: the rows stay unprocessed and the replay sweep picks them up.
/// </summary>
public sealed class SignalQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = false });

    public void Enqueue(Guid signalId) => _channel.Writer.TryWrite(signalId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
