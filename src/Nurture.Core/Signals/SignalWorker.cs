using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nurture.Core.Signals;

/// <summary>Drains the in-process signal queue: the path from a click to a handoff takes no polling interval.</summary>
public sealed class SignalWorker(SignalQueue queue, SignalProcessor processor, ILogger<SignalWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var signalId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await processor.ProcessAsync(signalId, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The row stays unprocessed; the replay sweep retries it.
                logger.LogError(e, "Processing signal {SignalId} failed", signalId);
            }
        }
    }
}
