using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Links;
using Nurture.Core.Signals;

namespace Nurture.Core.Tracking;

/// <summary>
/// A tracking link replayed by the same client (same link, IP and user agent) within <c>Tracking:RepeatWindow</c>
/// is one signal with a count, not a row per hit: a replayed URL cannot fill the signals table or the timeline.
/// The first hit is recorded as ever; repeats are counted in memory and added to its <see cref="Signal.Repeats"/>
/// by one UPDATE per signal every <see cref="FlushInterval"/>. Kept per node: a replay spread over nodes is
/// recorded once per node.
/// </summary>
public sealed class RepeatedHits(IOptions<TrackingOptions> options, TimeProvider time)
{
    /// <summary>Past this many remembered hits, the expired ones are dropped; past it still, new hits are not remembered.</summary>
    private const int Capacity = 200_000;

    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    private sealed record Seen(Guid SignalId, DateTimeOffset Until);

    /// <summary>Repeats not written yet, and when the first hit's window ends (past it, an unknown signal is given up).</summary>
    private sealed record Pending(int Count, DateTimeOffset Until);

    private readonly ConcurrentDictionary<UInt128, Seen> _seen = new();
    private readonly ConcurrentDictionary<Guid, Pending> _pending = new();

    /// <summary>The signal an identical hit made within the window, now counted once more; null for a first hit (then remembered as <paramref name="signalId"/>).</summary>
    public Guid? Repeat(TrackingToken token, HitInfo hit, Guid signalId)
    {
        var window = options.Value.RepeatWindow;
        if (window <= TimeSpan.Zero)
            return null;
        var now = time.GetUtcNow();
        var key = KeyOf(token, hit);
        if (_seen.TryGetValue(key, out var seen) && seen.Until > now)
        {
            Count(seen.SignalId, 1, seen.Until);
            return seen.SignalId;
        }
        if (_seen.Count >= Capacity)
            Prune(now);
        if (_seen.Count < Capacity)
            _seen[key] = new Seen(signalId, now + window);
        return null;
    }

    /// <summary>Adds the counted repeats to their signals; a signal not committed yet keeps its count for the next round.</summary>
    public async Task<int> FlushAsync(NurtureDbContext db, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var signalId in _pending.Keys)
        {
            if (!_pending.TryRemove(signalId, out var pending))
                continue;
            var updated = await db.Signals.Where(s => s.Id == signalId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Repeats, x => x.Repeats + pending.Count), cancellationToken);
            if (updated == 0 && pending.Until > time.GetUtcNow())
                Count(signalId, pending.Count, pending.Until); // still in the writer's hands
            written += updated;
        }
        return written;
    }

    private void Count(Guid signalId, int count, DateTimeOffset until) =>
        _pending.AddOrUpdate(signalId, new Pending(count, until), (_, pending) => pending with { Count = pending.Count + count });

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, seen) in _seen)
        {
            if (seen.Until <= now)
                _seen.TryRemove(key, out _);
        }
    }

    /// <summary>128 bits of SHA-256 over the link and the client: a key the size of two longs, whatever the user agent.</summary>
    private static UInt128 KeyOf(TrackingToken token, HitInfo hit)
    {
        var text = $"{(byte)token.Kind}\n{token.MessageId:N}\n{token.LeadId:N}\n{token.Target}\n{hit.IpAddress}\n{hit.UserAgent}";
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
