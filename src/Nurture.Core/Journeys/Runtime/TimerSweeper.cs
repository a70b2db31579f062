using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Telemetry;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Fires due timer waits. Claims a batch under a lease first (so two nodes never fire the same wait),
/// then resumes the batch in one unit of work, or each wait in its own after a conflict; deleting the
/// wait row is the final guard against firing twice.
/// </summary>
public sealed class TimerSweeper(
    IDbContextFactory<NurtureDbContext> databases,
    JourneyRunner journeys,
    DateTriggers dates,
    IDueWaitClaims claims,
    LeadEvents events,
    LeaseKeeper leases,
    IOptions<JourneyOptions> options,
    TimeProvider time,
    ILogger<TimerSweeper> logger)
{
    private int BatchSize => options.Value.SweepBatchSize;

    /// <returns>How many waits fired.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        // Several loops claim batches under their own leases, as several nodes would: a batch's rendering
        // (its emails) is CPU work that another core can do while one batch commits.
        var loops = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.SweepWorkers)).Select(_ => SweepLoopAsync(cancellationToken)));
        return loops.Sum();
    }

    private async Task<int> SweepLoopAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var claim = await ClaimAsync(cancellationToken);
            var claimed = claim.Ids;
            fired += await FireBatchAsync(claimed, cancellationToken) ?? await FireOneByOneAsync(claimed, cancellationToken);
            if (claimed.Count < BatchSize)
                break;
        }
        return fired;
    }

    private async Task<HeldClaim> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await leases.ClaimAsync(d => d.JourneyWaits, (owner, lease) => claims.ClaimAsync(db, time.GetUtcNow(), BatchSize, lease, owner, cancellationToken));
    }

    /// <summary>
    /// Fires a whole claimed batch in one unit of work and one commit: thousands of delays falling due
    /// together cost a few hundred transactions, not one each.
    /// </summary>
    /// <returns>How many fired, or null when the batch raced another change and must go one by one.</returns>
    private async Task<int?> FireBatchAsync(List<Guid> waitIds, CancellationToken cancellationToken)
    {
        if (waitIds.Count == 0)
            return 0;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var waits = await db.JourneyWaits.Where(w => waitIds.Contains(w.Id)).ToListAsync(cancellationToken);
        var instanceIds = waits.Where(w => w.InstanceId is not null).Select(w => w.InstanceId!.Value).Distinct().ToList();
        var leadIds = waits.Select(w => w.LeadId).Distinct().ToList();
        var batch = await LeadBatch.LoadAsync(db, leadIds, cancellationToken);
        var reads = await BatchReads.LoadAsync(db, leadIds, instanceIds, cancellationToken);

        // Hundreds of leads are tracked here: detecting changes before every query would cost O(n²).
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var fired = 0;
        // A date wait starts a run rather than resuming one: no instance, and one per lead and trigger.
        foreach (var wait in waits.Where(w => w.Kind == WaitKind.Date).OrderBy(w => w.DueAt))
        {
            var work = batch.Work(wait.LeadId, reads);
            await dates.FireAsync(work, wait, cancellationToken);
            await events.DispatchAsync(work, cancellationToken);
            work.Lead.MarkChanged(time.GetUtcNow());
            fired++;
        }
        foreach (var wait in waits.Where(w => w.Kind == WaitKind.Timer).OrderBy(w => w.DueAt).DistinctBy(w => w.InstanceId))
        {
            var work = batch.Work(wait.LeadId, reads);
            var instance = work.Journeys.StoredInstances!.Single(i => i.Id == wait.InstanceId);
            await journeys.ResumeAsync(work, instance, wait, wait.DueAt!.Value, signalId: null, cancellationToken);
            await events.DispatchAsync(work, cancellationToken);
            work.Lead.MarkChanged(time.GetUtcNow());
            fired++;
        }
        db.ChangeTracker.DetectChanges();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            var now = time.GetUtcNow();
            foreach (var wait in waits)
                NurtureMetrics.TimerFired(now - (wait.DueAt ?? now));
            return fired;
        }
        catch (Exception e) when (ConflictRetry.IsConflict(e))
        {
            // A revision race (or any row conflict) spoils only this attempt: one by one, each retries alone.
            logger.LogDebug("A batch of {Count} timers raced other changes; retrying", waitIds.Count);
            return null;
        }
    }

    /// <summary>After a batch conflict: each wait alone, as a batch of one, retried a few times.</summary>
    private async Task<int> FireOneByOneAsync(List<Guid> waitIds, CancellationToken cancellationToken)
    {
        var fired = 0;
        foreach (var waitId in waitIds)
        {
            for (var attempt = 1; attempt <= ConflictRetry.MaxAttempts; attempt++)
            {
                // 0 when a signal resumed the instance first (the wait is gone); null when it raced again.
                if (await FireBatchAsync([waitId], cancellationToken) is { } count)
                {
                    fired += count;
                    break;
                }
            }
        }
        return fired;
    }
}
