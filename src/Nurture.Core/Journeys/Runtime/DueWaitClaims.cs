using Nurture.Core.Data;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Claims timer and date waits that fell due, under a lease, so that each fires on one node. A provider
/// with a better statement for it registers its own (PostgreSQL: Nurture.Data.PostgreSql).
/// </summary>
public interface IDueWaitClaims
{
    /// <returns>The ids of the waits this caller now holds, earliest due first.</returns>
    Task<List<Guid>> ClaimAsync(NurtureDbContext db, DateTimeOffset now, int batchSize, TimeSpan lease, string owner, CancellationToken cancellationToken);
}

/// <summary>Any provider: a select, then a conditional update that skips rows another node took in between.</summary>
public sealed class DueWaitClaims : IDueWaitClaims
{
    public Task<List<Guid>> ClaimAsync(NurtureDbContext db, DateTimeOffset now, int batchSize, TimeSpan lease, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return LeaseClaims.ClaimAsync(db.JourneyWaits, w => (w.Kind == WaitKind.Timer || w.Kind == WaitKind.Date) && w.DueAt <= now, w => w.DueAt,
            batchSize, now, lease, owner, cancellationToken);
    }
}
