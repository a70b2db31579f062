using System.Collections.Concurrent;

namespace Nurture.Core.Website;

/// <summary>
/// Per-key counts in fixed one-minute windows on the injected clock (a client IP, a form): what the public
/// website routes may take from one source. Kept in memory per node, like the login limits.
/// </summary>
public sealed class HitRateLimits(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed class Window(long minute)
    {
        public long Minute = minute;
        public int Count;
    }

    /// <returns>True when the key is still under <paramref name="perMinute"/> this minute (and counts the hit).</returns>
    public bool TryTake(string key, int perMinute)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (_windows.Count > 100_000)
            Prune(minute);
        var window = _windows.GetOrAdd(key, _ => new Window(minute));
        lock (window)
        {
            if (window.Minute != minute)
                (window.Minute, window.Count) = (minute, 0);
            if (window.Count >= perMinute)
                return false;
            window.Count++;
            return true;
        }
    }

    private void Prune(long minute)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.Minute < minute)
                _windows.TryRemove(key, out _);
        }
    }
}
