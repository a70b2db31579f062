using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Nurture.Core.Data;

/// <summary>
/// Keeps this node's claims alive while it works on them: leases are short (<see cref="Lease"/>) and
/// renewed every <see cref="RenewEvery"/> while held, so the work of a node that died (kill -9, power) is
/// free for the others within seconds, and a slow send on a live node is never taken from it.
/// </summary>
public sealed class LeaseKeeper(IDbContextFactory<NurtureDbContext> databases, TimeProvider time, ILogger<LeaseKeeper> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Hold, byte> _held = new();

    /// <summary>
    /// Claims rows under a fresh owner and a <see cref="Lease"/>-long lease (<paramref name="claim"/> runs the
    /// claim statement with both), then renews that claim until the result is disposed; rows released
    /// meanwhile (another owner, or none) are left alone.
    /// </summary>
    public async Task<HeldClaim> ClaimAsync<T>(Func<NurtureDbContext, DbSet<T>> table, Func<string, TimeSpan, Task<List<Guid>>> claim) where T : class, ILeasedRow
    {
        ArgumentNullException.ThrowIfNull(claim);
        var owner = LeaseClaims.NewOwner();
        var ids = await claim(owner, Lease);
        return new HeldClaim(ids, Keep(table, owner, ids));
    }

    private IDisposable Keep<T>(Func<NurtureDbContext, DbSet<T>> table, string owner, IReadOnlyList<Guid> ids) where T : class, ILeasedRow
    {
        ArgumentNullException.ThrowIfNull(table);
        if (ids.Count == 0)
            return Hold.None;
        var hold = new Hold(this, (db, until, cancellationToken) =>
            table(db).Where(r => ids.Contains(r.Id) && r.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, until), cancellationToken));
        _held.TryAdd(hold, 0);
        return hold;
    }

    /// <summary>Extends every claim held now; one UPDATE per claim, through the primary key.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (_held.IsEmpty)
            return;
        var until = time.GetUtcNow() + Lease;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        foreach (var hold in _held.Keys)
            await hold.Renew(db, until, cancellationToken);
        logger.LogDebug("Renewed {Count} claims until {Until}", _held.Count, until);
    }

    private sealed class Hold(LeaseKeeper? keeper, Func<NurtureDbContext, DateTimeOffset, CancellationToken, Task<int>> renew) : IDisposable
    {
        public static readonly Hold None = new(null, (_, _, _) => Task.FromResult(0));

        public Func<NurtureDbContext, DateTimeOffset, CancellationToken, Task<int>> Renew => renew;

        public void Dispose() => keeper?._held.TryRemove(this, out _);
    }
}

/// <summary>The ids of rows this node claimed; their lease is renewed until this is disposed.</summary>
public sealed class HeldClaim(List<Guid> ids, IDisposable renewal) : IDisposable
{
    public List<Guid> Ids => ids;

    public void Dispose() => renewal.Dispose();
}
