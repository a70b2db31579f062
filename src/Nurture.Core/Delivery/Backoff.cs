namespace Nurture.Core.Delivery;

/// <summary>Retry delays for persisted retries (emails, webhooks): exponential, capped, with jitter.</summary>
public static class Backoff
{
    /// <summary>
    /// <paramref name="first"/> doubled per attempt up to <paramref name="cap"/>, then ±20 % so that many
    /// retries that failed together do not come back together.
    /// </summary>
    public static TimeSpan After(int attempts, TimeSpan first, TimeSpan cap)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(first.TotalSeconds * Math.Pow(2, attempts - 1), cap.TotalSeconds));
        return delay * (0.8 + Random.Shared.NextDouble() * 0.4);
    }
}
