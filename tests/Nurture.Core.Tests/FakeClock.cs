using Microsoft.Extensions.Time.Testing;

namespace Nurture.Core.Tests;

/// <summary>
/// A fake clock that drives code waiting on it: <see cref="Drive{T}"/> advances it a step at a time until
/// the wait ends. The waits resume inside <c>Advance</c> (no synchronization context is captured), so each
/// step sees the code's next wait registered: durations are exact, and a wait that never ends fails the test.
/// </summary>
public sealed class FakeClock
{
    private readonly DateTimeOffset _start;

    public FakeClock()
    {
        // Without a context, a wait's continuation runs inside Advance instead of being posted to the test runner's.
        SynchronizationContext.SetSynchronizationContext(null);
        _start = Time.GetUtcNow();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Fake time gone by since the clock was made.</summary>
    public TimeSpan Elapsed => Time.GetUtcNow() - _start;

    public async Task<T> Drive<T>(ValueTask<T> wait, TimeSpan step, int maxSteps = 1_000_000)
    {
        var task = wait.AsTask();
        for (var steps = 0; !task.IsCompleted; steps++)
        {
            if (steps == maxSteps)
                throw new TimeoutException($"Still waiting after {maxSteps} steps of {step} on the fake clock.");
            Time.Advance(step);
        }
        return await task;
    }

    public Task<T> Drive<T>(Task<T> wait, TimeSpan step, int maxSteps = 1_000_000) => Drive(new ValueTask<T>(wait), step, maxSteps);
}
