using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Tracking;

/// <summary>
/// What this node knows about one sent email's hits: when it was delivered, the IPs of its recent hits
/// and the IPs that followed its hidden link. Loaded from the database on the first hit after a start or
/// an eviction, then kept in memory, so a hit costs no read: classification must not be what limits the
/// hits a burst can bring.
/// </summary>
public sealed class MessageHits(IDbContextFactory<NurtureDbContext> databases, IOptions<TrackingOptions> options, TimeProvider time) : IDisposable
{
    private readonly MemoryCache _messages = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    /// <returns>The email's state, or null when no sent email has this id (or its lead was erased).</returns>
    public async Task<MessageHitState?> GetAsync(Guid messageId, Guid leadId, CancellationToken cancellationToken)
    {
        if (_messages.TryGetValue(messageId, out MessageHitState? cached))
            return cached;
        var loaded = await LoadAsync(messageId, leadId, cancellationToken);
        if (loaded is not null)
            _messages.Set(messageId, loaded, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(6) });
        return loaded;
    }

    /// <summary>Forgets a lead's emails (after an erasure): their next hit reads the database again.</summary>
    public void Forget(IEnumerable<Guid> messageIds)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        foreach (var id in messageIds)
            _messages.Remove(id);
    }

    private async Task<MessageHitState?> LoadAsync(Guid messageId, Guid leadId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var message = await db.Outbox.AsNoTracking()
            .Where(m => m.Id == messageId && m.LeadId == leadId && db.Set<Lead>().Any(l => l.Id == leadId))
            .Select(m => new { m.SentAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (message is null)
            return null;
        var since = time.GetUtcNow() - options.Value.BurstWindow;
        var earlier = await db.Signals.AsNoTracking()
            .Where(s => s.LeadId == leadId && s.MessageId == messageId && s.IpAddress != null && (s.ReceivedAt >= since || s.Source == TrackingService.HoneypotSource))
            .Select(s => new { s.IpAddress, s.Source, s.ReceivedAt })
            .ToListAsync(cancellationToken);
        var state = new MessageHitState(message.SentAt, options.Value.BurstWindow);
        foreach (var hit in earlier.OrderBy(h => h.ReceivedAt))
            state.Add(hit.IpAddress, hit.ReceivedAt, hit.Source == TrackingService.HoneypotSource);
        return state;
    }

    public void Dispose() => _messages.Dispose();
}

/// <summary>One email's hit history on this node; thread-safe.</summary>
public sealed class MessageHitState(DateTimeOffset? deliveredAt, TimeSpan burstWindow)
{
    // The hits of the burst window in arrival order, and how many of them each IP made: a hit's evidence
    // costs the same whether the email had three hits in the window or thirty thousand (Apple's prefetch).
    private readonly Queue<(string Ip, DateTimeOffset At)> _recent = new();
    private readonly Dictionary<string, int> _hitsByIp = new(StringComparer.Ordinal);
    private readonly HashSet<string> _honeypotIps = new(StringComparer.Ordinal);

    public DateTimeOffset? DeliveredAt { get; } = deliveredAt;

    /// <summary>The evidence for a hit from <paramref name="ip"/> now: distinct IPs within the window (this one included).</summary>
    public HitHistory Before(string? ip, DateTimeOffset now)
    {
        lock (_recent)
        {
            Expire(now);
            var ips = _hitsByIp.Count + (ip is not null && !_hitsByIp.ContainsKey(ip) ? 1 : 0);
            return new HitHistory(ips, ip is not null && _honeypotIps.Contains(ip));
        }
    }

    public void Add(string? ip, DateTimeOffset at, bool honeypot)
    {
        if (ip is null)
            return;
        lock (_recent)
        {
            _recent.Enqueue((ip, at));
            _hitsByIp[ip] = _hitsByIp.GetValueOrDefault(ip) + 1;
            if (honeypot)
                _honeypotIps.Add(ip);
            Expire(at);
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_recent.TryPeek(out var oldest) && oldest.At < now - burstWindow)
        {
            _recent.Dequeue();
            if (--_hitsByIp[oldest.Ip] == 0)
                _hitsByIp.Remove(oldest.Ip);
        }
    }
}
