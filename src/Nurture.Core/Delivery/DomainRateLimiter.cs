using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>
/// Messages per minute per recipient domain (receivers throttle senders that burst), as token buckets
/// shared by this node's delivery workers. Limits are per node: run one sending node, or divide the limits.
/// </summary>
public sealed class DomainRateLimiter(IOptions<EmailOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter?> _limiters = new(StringComparer.OrdinalIgnoreCase);

    /// <returns>Null when the message may go now, else how long to wait.</returns>
    public TimeSpan? TryAcquire(string domain)
    {
        var limiter = _limiters.GetOrAdd(domain, Create);
        if (limiter is null)
            return null;
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
    }

    private RateLimiter? Create(string domain)
    {
        var email = options.Value;
        var perMinute = email.DomainRatesPerMinute.TryGetValue(domain, out var configured) ? configured : email.DefaultDomainRatePerMinute;
        if (perMinute <= 0)
            return null;
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
            limiter?.Dispose();
    }
}
