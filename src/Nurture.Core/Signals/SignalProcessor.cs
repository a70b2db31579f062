using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;

namespace Nurture.Core.Signals;

/// <summary>
/// classify → score → resume journeys → hand off, for one committed signal, in one transaction. The lead's
/// revision makes a concurrent step on the same lead conflict; the loser retries and sees the winner's work.
/// </summary>
public sealed class SignalProcessor(
    IDbContextFactory<NurtureDbContext> databases,
    ScoringService scoring,
    JourneyRunner journeys,
    JourneyEvents events,
    HandoffService handoff,
    TimeProvider time,
    ILogger<SignalProcessor> logger)
{
    private const int MaxAttempts = 5;

    public async Task ProcessAsync(Guid signalId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var signal = await db.Signals.SingleOrDefaultAsync(s => s.Id == signalId, cancellationToken);
            if (signal is null || signal.ProcessedAt is not null)
                return;
            var lead = await db.Leads.SingleAsync(l => l.Id == signal.LeadId, cancellationToken);
            var now = time.GetUtcNow();
            signal.ProcessedAt = now;

            if (signal.Label == SignalLabel.Human)
            {
                var work = new LeadWork(db, lead);
                var before = lead.EngagementScore;
                var points = await scoring.ApplyAsync(db, lead, signal, cancellationToken);
                await ResumeWaitingAsync(work, signal, cancellationToken);
                work.Raise(LeadEvent.Received(signal));
                if (points != 0)
                    work.Raise(LeadEvent.ScoreChanged(before, lead.EngagementScore));
                if (scoring.IsHandRaiser(signal))
                    await handoff.HandOffAsync(work, "hand-raiser", $"hand-raiser: {signal.Type} {signal.PropertiesJson}", cancellationToken);
                else if (points > 0)
                    await handoff.HandOffIfQualifiedAsync(work, $"{signal.Type} signal took engagement to {lead.EngagementScore}, quality {lead.QualityScore}", cancellationToken);
                await events.DispatchAsync(work, cancellationToken);
            }
            lead.Touch(now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts)
            {
                // The lead's revision, or a unique key the winner took first (the same wait resumed, the same
                // email queued): either way another unit of work got there; start again and see its work.
                logger.LogDebug(e, "Signal {SignalId} raced another change of lead {LeadId}; retrying", signalId, lead.Id);
            }
        }
    }

    private async Task ResumeWaitingAsync(LeadWork work, Signal signal, CancellationToken cancellationToken)
    {
        var waits = await work.Db.JourneyWaits
            .Where(w => w.LeadId == work.Lead.Id && w.Kind == WaitKind.Signal && w.SignalType == signal.Type)
            .ToListAsync(cancellationToken);
        foreach (var wait in waits.Where(w => SignalFilters.Matches(signal.PropertiesJson, w.Filters)).DistinctBy(w => w.InstanceId))
        {
            var instance = await work.Db.JourneyInstances.SingleAsync(i => i.Id == wait.InstanceId, cancellationToken);
            await journeys.ResumeAsync(work, instance, wait, signal.ReceivedAt, signal.Id, cancellationToken);
        }
    }
}
