namespace Nurture.Core.Signals;

/// <summary>
/// Lets background work give way to requests. While every core is busy, work queues up in the thread pool:
/// in a saturating burst of pixel hits it held work at 91–94 % of 5 ms samples (7 items on average), while
/// the backlog was scored afterwards at 2 % (scoring's own work rarely queues more than one item). So the
/// bulk lane (opens, page views) goes at once while the pool is calm, and once it has seen a queue, waits
/// until the queue has averaged under one item over a few checks, and at most <see cref="MaxWait"/>. A wait
/// that runs out opens the gate for <see cref="RunAfterWait"/>: under load that never lets up, bulk work
/// keeps a share of the time (a tenth by default) rather than one batch per wait, which scored 20 page views
/// a second of 500 and let a lead's score lag its visits for as long as the load lasted. A hit is recorded
/// first and scored a moment later; intake is what cannot wait. It waits on the real clock (this is about
/// the cores, not business time) unless given another <see cref="Clock"/>, as tests do.
/// </summary>
/// <param name="queuedWork">How many work items wait for a thread: the thread pool's count unless given.</param>
public sealed class SpareCapacity(Func<long>? queuedWork = null)
{
    private readonly Func<long> _queuedWork = queuedWork ?? (() => ThreadPool.PendingWorkItemCount);

    // Calm until a check finds more than one item queued; calm again once a window averages under one.
    private volatile bool _calm = true;

    // Clock timestamp until which waits pass at once, after one ran out.
    private long _openUntil;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The longest wait; zero never waits.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The share of the time bulk work keeps under load that never lets up, unless <see cref="RunAfterWait"/> says otherwise.</summary>
    public const double DefaultShare = 0.1;

    /// <summary>How long the gate stays open after a wait ran out: long enough for <see cref="DefaultShare"/> unless set.</summary>
    public TimeSpan? RunAfterWait { get; init; }

    /// <summary>How long the gate must stay open after each wait that runs out for bulk work to keep <paramref name="share"/> of the time.</summary>
    public static TimeSpan RunFor(double share, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(share, 1);
        return maxWait * (share / (1 - share));
    }

    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The checks averaged in a wait (one empty check can fall between two requests).</summary>
    public int Window { get; init; } = 5;

    /// <param name="waitedBefore">
    /// How long the same work has been held back already (earlier waits that something more urgent ended, and
    /// that work): a stream of urgent work must not restart the clock each time, or the bulk lane never moves.
    /// </param>
    /// <returns>
    /// True when there is spare capacity or the wait ran out; false as soon as <paramref name="interrupted"/>
    /// says that something more urgent has come (asked at every check).
    /// </returns>
    public async ValueTask<bool> WaitAsync(Func<bool> interrupted, CancellationToken cancellationToken, TimeSpan waitedBefore = default)
    {
        ArgumentNullException.ThrowIfNull(interrupted);
        if (MaxWait <= TimeSpan.Zero || Clock.GetTimestamp() < Interlocked.Read(ref _openUntil) || (_calm && _queuedWork() <= 1))
            return true;
        _calm = false;
        var started = Clock.GetTimestamp();
        var window = new Queue<long>(Window + 1);
        var sum = 0L;
        while (waitedBefore + Clock.GetElapsedTime(started) < MaxWait)
        {
            await Task.Delay(CheckEvery, Clock, cancellationToken);
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
        var open = RunAfterWait ?? RunFor(DefaultShare, MaxWait);
        Interlocked.Exchange(ref _openUntil, Clock.GetTimestamp() + (long)(open.TotalSeconds * Clock.TimestampFrequency));
        return true;
    }
}
