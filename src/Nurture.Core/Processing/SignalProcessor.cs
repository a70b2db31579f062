using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Telemetry;
using Nurture.Core.Work;

namespace Nurture.Core.Processing;

/// <summary>
/// classify → score → resume journeys → hand off, for committed signals: one in one transaction, or a batch
/// of many leads' signals in one transaction per round. The lead's revision makes a concurrent step on the
/// same lead conflict; the loser retries and sees the winner's work.
/// </summary>
public sealed class SignalProcessor(
    IDbContextFactory<NurtureDbContext> databases,
    ScoringService scoring,
    JourneyRunner journeys,
    LeadEvents events,
    HandoffService handoff,
    Tracking.HitReview hits,
    IOptions<SignalOptions> options,
    TimeProvider time,
    ILogger<SignalProcessor> logger)
{
    public async Task ProcessAsync(Guid signalId, CancellationToken cancellationToken)
    {
        // A conflict is the lead's revision, or a unique key the winner took first (the same wait resumed,
        // the same email queued): either way another unit of work got there; start again and see its work.
        var processed = await ConflictRetry.RunAsync(databases, async db =>
        {
            var signal = await db.Signals.SingleOrDefaultAsync(s => s.Id == signalId, cancellationToken);
            if (signal is null || signal.ProcessedAt is not null || signal.IsDeadLettered)
                return false; // done, or set aside until someone retries it
            var lead = await db.Leads.SingleAsync(l => l.Id == signal.LeadId, cancellationToken);
            await ApplyAsync(new LeadWork(db, lead), signal, earnedOnce: null, cancellationToken);
            return true;
        }, cancellationToken, e => logger.LogDebug(e, "Signal {SignalId} raced another change of its lead; retrying", signalId));
        if (processed)
            NurtureMetrics.SignalsDone(1);
    }

    /// <summary>
    /// Processes queued signals in units of work of many leads and one commit each, as the timer sweep fires
    /// timers: a burst of hits costs a commit per batch, not per signal. Each round takes the earliest
    /// signal of every lead (a lead's next signal must see its previous one's effects); a round that fails
    /// or races another change goes through <see cref="ProcessAsync"/> signal by signal.
    /// </summary>
    public async Task ProcessBatchAsync(IReadOnlyList<Guid> signalIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signalIds);
        var remaining = signalIds.ToList();
        while (remaining.Count > 0)
            remaining = await ProcessRoundAsync(remaining, cancellationToken);
    }

    /// <returns>The signals left for the next round: the leads' later ones.</returns>
    private async Task<List<Guid>> ProcessRoundAsync(List<Guid> signalIds, CancellationToken cancellationToken)
    {
        List<Guid> round;
        List<Guid> later;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var signals = await db.Signals.Where(s => signalIds.Contains(s.Id) && s.ProcessedAt == null && s.DeadLetteredAt == null).ToListAsync(cancellationToken);
            var firstPerLead = signals.OrderBy(s => s.ReceivedAt).ThenBy(s => s.Id).DistinctBy(s => s.LeadId).ToList();
            var rest = signals.Except(firstPerLead).OrderBy(s => s.ReceivedAt).ThenBy(s => s.Id).ToList();
            round = firstPerLead.ConvertAll(s => s.Id);
            later = rest.ConvertAll(s => s.Id);
            if (firstPerLead.Count <= 1)
            {
                await ProcessAloneAsync(round, cancellationToken);
                return later;
            }
            foreach (var other in rest)
                db.Entry(other).State = EntityState.Detached; // not this round's: its commit leaves them as they are
            var leadIds = firstPerLead.ConvertAll(s => s.LeadId);
            var batch = await LeadBatch.LoadAsync(db, leadIds, cancellationToken);
            var earnedOnce = await scoring.EarnedOnceAsync(db, leadIds, cancellationToken);
            try
            {
                foreach (var signal in firstPerLead)
                    await ApplyAsync(batch.Work(signal.LeadId), signal, earnedOnce[signal.LeadId], cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                NurtureMetrics.SignalsDone(firstPerLead.Count);
                return later;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "A round of {Count} signals failed or raced; processing them one by one", round.Count);
            }
        }
        await ProcessAloneAsync(round, cancellationToken);
        return later;
    }

    private async Task ProcessAloneAsync(List<Guid> signalIds, CancellationToken cancellationToken)
    {
        foreach (var id in signalIds)
        {
            try
            {
                await ProcessAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The row stays unprocessed; the replay sweep retries it. Its neighbours go on.
                logger.LogError(e, "Processing signal {SignalId} failed", id);
                await RecordFailureAsync(id, e, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Counts a failure against the signal, unless the database was out of reach (then nothing could be
    /// processed and the signal is not at fault); the signal that keeps failing goes to the dead letters.
    /// </summary>
    private async Task RecordFailureAsync(Guid id, Exception error, CancellationToken cancellationToken)
    {
        if (TransientErrors.IsTransient(error))
            return;
        try
        {
            var now = time.GetUtcNow();
            var limit = options.Value.MaxAttempts;
            var reason = Columns.Fit($"{error.GetType().Name}: {error.Message}", Signal.LastErrorLength);
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            // One statement, not read-then-write: two nodes (or the worker and the replay) failing the same
            // signal at once each count, and only the failure that reaches the limit dead-letters it.
            var counted = await db.Signals.Where(s => s.Id == id && s.ProcessedAt == null && s.DeadLetteredAt == null)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Attempts, s => s.Attempts + 1)
                    .SetProperty(s => s.LastError, reason)
                    .SetProperty(s => s.DeadLetteredAt, s => s.Attempts + 1 >= limit ? now : (DateTimeOffset?)null), cancellationToken);
            if (counted == 1 && await db.Signals.AsNoTracking().Where(s => s.Id == id && s.DeadLetteredAt != null)
                    .Select(s => (int?)s.Attempts).FirstOrDefaultAsync(cancellationToken) is { } attempts)
            {
                NurtureMetrics.SignalDeadLettered();
                logger.LogError("Signal {SignalId} failed {Attempts} times and is dead-lettered: {Error}", id, attempts, reason);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not count the failure of signal {SignalId}", id); // the replay sweep tries it again
        }
    }

    /// <summary>The signal's effects on its lead, staged in the lead's unit of work; traced as part of the request that brought the signal.</summary>
    private async Task ApplyAsync(LeadWork work, Signal signal, EarnedOnce? earnedOnce, CancellationToken cancellationToken)
    {
        using var span = NurtureTracing.Continue("process signal", ActivityKind.Consumer, signal.TraceParent)?
            .SetTag("nurture.signal.id", signal.Id).SetTag("nurture.signal.type", signal.Type).SetTag("nurture.lead.id", signal.LeadId);
        var lead = work.Lead;
        var now = time.GetUtcNow();
        signal.ProcessedAt = now;
        await hits.ReviewAsync(work.Db, signal, cancellationToken); // another node may have seen this email's other hits
        if (signal.Label == SignalLabel.Human)
        {
            var before = LeadScores.Of(lead);
            var points = await ScoreAsync(work, signal, earnedOnce, cancellationToken);
            await ResumeWaitingAsync(work, signal, cancellationToken);
            work.Raise(LeadEvent.Received(signal));
            work.RaiseIfScoresChanged(before);
            if (scoring.IsHandRaiser(signal))
                await handoff.HandOffAsync(work, "hand-raiser", $"hand-raiser: {signal.Type} {signal.PropertiesJson}", cancellationToken);
            else if (points > 0)
                await handoff.HandOffIfQualifiedAsync(work, $"{signal.Type} signal took engagement to {lead.EngagementScore}, quality {lead.QualityScore}", cancellationToken);
            await events.DispatchAsync(work, cancellationToken);
        }
        lead.MarkChanged(now);
    }

    private async Task<int> ScoreAsync(LeadWork work, Signal signal, EarnedOnce? earnedOnce, CancellationToken cancellationToken)
    {
        using var span = NurtureTracing.Start("score signal");
        var points = await scoring.ApplyAsync(work.Db, work.Lead, signal, earnedOnce, cancellationToken);
        span?.SetTag("nurture.score.points", points).SetTag("nurture.score.engagement", work.Lead.EngagementScore);
        return points;
    }

    private async Task ResumeWaitingAsync(LeadWork work, Signal signal, CancellationToken cancellationToken)
    {
        var waits = work.Journeys.PreloadedWaits is { } preloaded && work.Journeys.StoredInstances is { } stored
            ? stored.SelectMany(i => preloaded[i.Id]).Where(w => w.Kind == WaitKind.Signal && w.SignalType == signal.Type && work.Db.Entry(w).State != EntityState.Deleted).ToList()
            : await work.Db.JourneyWaits
                .Where(w => w.LeadId == work.Lead.Id && w.Kind == WaitKind.Signal && w.SignalType == signal.Type)
                .ToListAsync(cancellationToken);
        foreach (var wait in waits.Where(w => SignalFilters.Matches(signal.PropertiesJson, w.Filters)).DistinctBy(w => w.InstanceId))
        {
            var instance = work.Journeys.StoredInstances?.FirstOrDefault(i => i.Id == wait.InstanceId)
                ?? await work.Db.JourneyInstances.SingleAsync(i => i.Id == wait.InstanceId, cancellationToken);
            await journeys.ResumeAsync(work, instance, wait, signal.ReceivedAt, signal.Id, cancellationToken);
        }
    }
}
