using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nurture.Core.Signals;

/// <summary>
/// Drains the in-process signal queue: the path from a click to a handoff takes no polling interval.
/// Several consumers overlap their reads and rendering; two signals of one lead that meet are serialised
/// by the lead's revision (the loser retries).
/// </summary>
public sealed class SignalWorker(SignalQueue queue, SignalProcessor processor, IOptions<SignalOptions> options, ILogger<SignalWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
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

public sealed class SignalOptions
{
    public const string Section = "Signals";

    /// <summary>Concurrent consumers of the signal queue; more than the cores only adds write contention on SQLite.</summary>
    public int Workers { get; set; } = 2;
}
