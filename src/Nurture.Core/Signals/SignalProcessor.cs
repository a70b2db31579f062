using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
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
                var points = await scoring.ApplyAsync(db, lead, signal, cancellationToken);
                await ResumeWaitingAsync(db, lead, signal, cancellationToken);
                if (points > 0)
                    await handoff.HandOffIfQualifiedAsync(db, lead, $"{signal.Type} signal took the score to {lead.EngagementScore}", cancellationToken);
            }
            lead.Touch(now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                logger.LogDebug("Signal {SignalId} raced another change of lead {LeadId}; retrying", signalId, lead.Id);
            }
        }
    }

    private async Task ResumeWaitingAsync(Data.NurtureDbContext db, Leads.Lead lead, Signal signal, CancellationToken cancellationToken)
    {
        var waits = await db.JourneyWaits
            .Where(w => w.LeadId == lead.Id && w.Kind == WaitKind.Signal && w.SignalType == signal.Type)
            .ToListAsync(cancellationToken);
        foreach (var wait in waits.DistinctBy(w => w.InstanceId))
        {
            var instance = await db.JourneyInstances.SingleAsync(i => i.Id == wait.InstanceId, cancellationToken);
            await journeys.ResumeAsync(db, lead, instance, wait, signal.Id, cancellationToken);
        }
    }
}
