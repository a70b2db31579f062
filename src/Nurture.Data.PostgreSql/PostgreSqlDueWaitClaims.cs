using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Data.PostgreSql;

/// <summary>
/// Claims due waits in one statement: nodes sweeping at once skip each other's locked rows
/// (<c>FOR UPDATE SKIP LOCKED</c>) instead of queueing on them.
/// </summary>
public sealed class PostgreSqlDueWaitClaims : IDueWaitClaims
{
    public async Task<List<Guid>> ClaimAsync(NurtureDbContext db, DateTimeOffset now, int batchSize, TimeSpan lease, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var until = now + lease;
        return await db.Database.SqlQuery<Guid>($"""
            UPDATE journey_waits SET "LeaseOwner" = {owner}, "LeaseUntil" = {until}
            WHERE "Id" IN (
                SELECT "Id" FROM journey_waits
                WHERE "Kind" IN ('Timer', 'Date') AND "DueAt" <= {now} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                ORDER BY "DueAt" LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
    }
}
