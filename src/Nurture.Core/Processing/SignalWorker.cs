using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Signals;

namespace Nurture.Core.Processing;

/// <summary>
/// Drains the in-process signal queue: the path from a click to a handoff takes no polling interval.
/// One consumer per partition of the queue (a partition holds a share of the leads): it takes whatever is
/// queued when it looks (one signal when traffic is light, up to a batch in a burst) and processes it in
/// one unit of work. Consumers overlap their reads and rendering but never share a lead; a lead changed by
/// another path at the same time (the timer sweep, the API) is serialised by its revision (the loser retries).
/// </summary>
public sealed class SignalWorker(SignalQueue queue, SignalProcessor processor, IOptions<SignalOptions> options, ILogger<SignalWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, queue.Partitions).Select(partition => ConsumeAsync(partition, stoppingToken)));

    private async Task ConsumeAsync(int partition, CancellationToken stoppingToken)
    {
        await foreach (var batch in queue.ReadBatchesAsync(partition, Math.Max(1, options.Value.BatchSize), stoppingToken))
        {
            try
            {
                await processor.ProcessBatchAsync(batch, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The rows stay unprocessed; the replay sweep retries them.
                logger.LogError(e, "Processing signals {SignalIds} failed", batch);
            }
        }
    }
}
