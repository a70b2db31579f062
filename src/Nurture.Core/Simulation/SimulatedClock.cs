namespace Nurture.Core.Simulation;

/// <summary>
/// The clock a simulation runs on: it stands still while a moment's work runs, then jumps to the next moment
/// something is due. Nothing waits on it (no timers are started): the simulation drives every pass itself.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void MoveTo(DateTimeOffset at)
    {
        if (at < _now)
            throw new ArgumentOutOfRangeException(nameof(at), at, $"The simulated clock is at {_now:u} and never goes back.");
        _now = at;
    }
}
