using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Leads;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Fires due timer waits. Claims a batch under a lease first (so two nodes never fire the same wait),
/// then resumes each instance in its own transaction; deleting the wait row is the final guard.
/// </summary>
public sealed class TimerSweeper(
    IDbContextFactory<NurtureDbContext> databases,
    JourneyRunner journeys,
    JourneyEvents events,
    TimeProvider time,
    ILogger<TimerSweeper> logger)
{
    public int BatchSize { get; init; } = 200;
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <returns>How many waits fired.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(cancellationToken);
            foreach (var waitId in claimed)
            {
                if (await FireAsync(waitId, cancellationToken))
                    fired++;
            }
            if (claimed.Count < BatchSize)
                break;
        }
        return fired;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (db.Database.ProviderName == NurtureDbContext.PostgreSqlProvider)
        {
            // One statement: nodes sweeping at once skip each other's locked rows instead of queueing on them.
            var until = now + Lease;
            return await db.Database.SqlQuery<Guid>($"""
                UPDATE journey_waits SET "LeaseOwner" = {owner}, "LeaseUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM journey_waits
                    WHERE "Kind" = 'Timer' AND "DueAt" <= {now} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                    ORDER BY "DueAt" LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken);
        }
        var candidates = await db.JourneyWaits.AsNoTracking()
            .Where(w => w.Kind == WaitKind.Timer && w.DueAt <= now && (w.LeaseUntil == null || w.LeaseUntil < now))
            .OrderBy(w => w.DueAt)
            .Select(w => w.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
            return candidates;

        // The lease condition is re-checked row by row in the UPDATE: a row another node claimed meanwhile is skipped.
        await db.JourneyWaits
            .Where(w => candidates.Contains(w.Id) && (w.LeaseUntil == null || w.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.LeaseOwner, owner).SetProperty(w => w.LeaseUntil, now + Lease), cancellationToken);
        return await db.JourneyWaits.AsNoTracking()
            .Where(w => w.LeaseOwner == owner)
            .OrderBy(w => w.DueAt)
            .Select(w => w.Id)
            .ToListAsync(cancellationToken);
    }

    private async Task<bool> FireAsync(Guid waitId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var wait = await db.JourneyWaits.SingleOrDefaultAsync(w => w.Id == waitId, cancellationToken);
            if (wait is null)
                return false; // a signal resumed the instance first
            var instance = await db.JourneyInstances.SingleAsync(i => i.Id == wait.InstanceId, cancellationToken);
            var lead = await db.Leads.SingleAsync(l => l.Id == wait.LeadId, cancellationToken);
            var work = new LeadWork(db, lead);
            await journeys.ResumeAsync(work, instance, wait, wait.DueAt!.Value, signalId: null, cancellationToken);
            await events.DispatchAsync(work, cancellationToken);
            lead.Touch(time.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogDebug("Timer {WaitId} raced another change of lead {LeadId}; retrying", waitId, lead.Id);
            }
        }
        return false;
    }
}
