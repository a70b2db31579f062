using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nurture.Core.Signals;

/// <summary>
/// Drains the in-process signal queue: the path from a click to a handoff takes no polling interval.
/// A consumer takes whatever is queued when it looks (one signal when traffic is light, up to a batch in
/// a burst) and processes it in one unit of work. Several consumers overlap their reads and rendering; two
/// signals of one lead that meet are serialised by the lead's revision (the loser retries).
/// </summary>
public sealed class SignalWorker(SignalQueue queue, SignalProcessor processor, IOptions<SignalOptions> options, ILogger<SignalWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in queue.ReadBatchesAsync(Math.Max(1, options.Value.BatchSize), stoppingToken))
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

public sealed class SignalOptions
{
    public const string Section = "Signals";

    /// <summary>Concurrent consumers of the signal queue; more than the cores only adds write contention on SQLite.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>At most this many queued signals per batch: a fast-lane signal may wait for the batches already being processed.</summary>
    public int BatchSize { get; set; } = 20;
}
