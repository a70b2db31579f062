using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nurture.Core.Hosting;

/// <summary>
/// Does one round of work every <see cref="Interval"/> on the injected clock, for as long as the host runs;
/// a failed round is logged and the next one tries again. A delay per round, not a periodic timer: a clock
/// that jumps far ahead (a fake one in tests, a machine resumed from sleep) means one round, not one per
/// missed period.
/// </summary>
public abstract class RepeatingService(TimeProvider time, ILogger logger) : BackgroundService
{
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected abstract TimeSpan Interval { get; }

    /// <summary>What a failed round means, for the log line.</summary>
    protected abstract string FailureMessage { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the next round is over, failed or not: how a test knows it ran, and so that nothing else happened.</summary>
    public Task NextRoundAsync() => Volatile.Read(ref _done).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = Task.Delay(Interval, time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await next;
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Failure}", FailureMessage);
            }
            // The next round's delay starts before anyone learns this round is over: a clock moved on at that news is not missed.
            next = Task.Delay(Interval, time, stoppingToken);
            Interlocked.Exchange(ref _done, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
