using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Data;

/// <summary>A row that workers claim for a while (waits, outbox messages, webhooks).</summary>
public interface ILeasedRow
{
    Guid Id { get; }
    string? LeaseOwner { get; set; }
    DateTimeOffset? LeaseUntil { get; set; }
}

public static class LeaseClaims
{
    /// <summary>A lease owner unique to one claim: the machine, for whoever reads the row, and a fresh id.</summary>
    public static string NewOwner() => $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>Hands a claimed row's lease back (its worker is done with it, whatever the outcome).</summary>
    public static void ReleaseLease(this ILeasedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.LeaseOwner = null;
        row.LeaseUntil = null;
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> rows that are <paramref name="claimable"/> and not leased,
    /// in <paramref name="order"/>, and returns the ids this caller now holds. The conditions are checked
    /// again row by row in the UPDATE, so a row another node claimed in between is skipped, never taken twice.
    /// <paramref name="owner"/> (<see cref="NewOwner"/>) is what <see cref="LeaseKeeper"/> renews the claim by.
    /// </summary>
    public static async Task<List<Guid>> ClaimAsync<T, TOrder>(
        DbSet<T> rows, Expression<Func<T, bool>> claimable, Expression<Func<T, TOrder>> order,
        int batchSize, DateTimeOffset now, TimeSpan lease, string owner, CancellationToken cancellationToken)
        where T : class, ILeasedRow
    {
        var until = now + lease;
        var free = rows.Where(claimable).Where(r => r.LeaseUntil == null || r.LeaseUntil < now);
        var candidates = await free.AsNoTracking().OrderBy(order).Select(r => r.Id).Take(batchSize).ToListAsync(cancellationToken);
        if (candidates.Count == 0)
            return candidates;
        await free.Where(r => candidates.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, owner).SetProperty(r => r.LeaseUntil, until), cancellationToken);
        // Read back through the key: the lease owner has no index, and a scan of a table of months of rows per claim grows without end.
        var claimed = await rows.AsNoTracking().Where(r => candidates.Contains(r.Id) && r.LeaseOwner == owner).OrderBy(order).Select(r => r.Id).ToListAsync(cancellationToken);
        NurtureMetrics.LeasesLost(candidates.Count - claimed.Count);
        return claimed;
    }
}
