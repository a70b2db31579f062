using System.Diagnostics;

namespace Nurture.Core.Signals;

/// <summary>
/// Lets background work give way to requests. While every core is busy, work queues up in the thread pool:
/// in a saturating burst of pixel hits it held work at 91–94 % of 5 ms samples (7 items on average), while
/// the backlog was scored afterwards at 2 % (scoring's own work rarely queues more than one item). So the
/// bulk lane (opens, page views) goes at once while the pool is calm, and once it has seen a queue, waits
/// until the queue has averaged under one item over a few checks, and at most <see cref="MaxWait"/>, so that
/// under load that never lets up it still moves. A hit is recorded first and scored a moment later; intake
/// is what cannot wait. It waits on the real clock: this is about the cores, not business time.
/// </summary>
/// <param name="queuedWork">How many work items wait for a thread: the thread pool's count unless given.</param>
public sealed class SpareCapacity(Func<long>? queuedWork = null)
{
    private readonly Func<long> _queuedWork = queuedWork ?? (() => ThreadPool.PendingWorkItemCount);

    // Calm until a check finds more than one item queued; calm again once a window averages under one.
    private volatile bool _calm = true;

    /// <summary>The longest wait; zero never waits.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The checks averaged in a wait (one empty check can fall between two requests).</summary>
    public int Window { get; init; } = 5;

    /// <returns>
    /// True when there is spare capacity or the wait ran out; false as soon as <paramref name="interrupted"/>
    /// says that something more urgent has come (asked at every check).
    /// </returns>
    public async ValueTask<bool> WaitAsync(Func<bool> interrupted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interrupted);
        if (MaxWait <= TimeSpan.Zero || (_calm && _queuedWork() <= 1))
            return true;
        _calm = false;
        var waited = Stopwatch.StartNew();
        var window = new Queue<long>(Window + 1);
        var sum = 0L;
        while (waited.Elapsed < MaxWait)
        {
            await Task.Delay(CheckEvery, cancellationToken);
            if (interrupted())
                return false;
            var queued = _queuedWork();
            window.Enqueue(queued);
            sum += queued;
            if (window.Count > Window)
                sum -= window.Dequeue();
            if (window.Count == Window && sum < Window)
            {
                _calm = true;
                return true;
            }
        }
        return true;
    }
}
