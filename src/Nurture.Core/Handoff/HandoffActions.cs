using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;
using Nurture.Core.Work;

namespace Nurture.Core.Handoff;

public enum HandoffOutcome
{
    Done,
    NotFound,

    /// <summary>Already accepted or rejected: nothing changes.</summary>
    AlreadyClosed,
}

/// <summary>
/// A rep's answer. Accepted → SAL. Rejected → Recycled: the engagement score goes back to zero through a
/// ledger row with the rep's reason, and the StageChanged trigger takes the lead into the recycle journey.
/// </summary>
public sealed class HandoffActions(IDbContextFactory<NurtureDbContext> databases, ScoringService scoring, LeadEvents events, TimeProvider time)
{
    public Task<HandoffOutcome> AcceptAsync(Guid handoffId, string by, CancellationToken cancellationToken) =>
        RunAsync(handoffId, cancellationToken, (work, handoff, now) =>
        {
            handoff.Accept(now);
            HandoffService.Record(work.Db, handoff, "accepted", by, $"accepted {(now - handoff.CreatedAt).TotalMinutes:0.#} minutes after the handoff", now);
            work.MoveTo(LeadStage.Sal, by, "handoff accepted", now);
        });

    public Task<HandoffOutcome> RejectAsync(Guid handoffId, string by, string reason, CancellationToken cancellationToken) =>
        RunAsync(handoffId, cancellationToken, (work, handoff, now) =>
        {
            handoff.Reject(reason, now);
            HandoffService.Record(work.Db, handoff, "rejected", by, reason, now);
            var before = LeadScores.Of(work.Lead);
            work.Lead.RecycledAt = now;
            if (work.Lead.EngagementScore != 0)
                scoring.AdjustEngagement(work.Db, work.Lead, -work.Lead.EngagementScore, $"recycled: rejected by {by}: {reason}", "engagement.recycle", now);
            work.RaiseIfScoresChanged(before);
            work.MoveTo(LeadStage.Recycled, by, $"handoff rejected: {reason}", now);
        });

    private Task<HandoffOutcome> RunAsync(Guid handoffId, CancellationToken cancellationToken, Action<LeadWork, SalesHandoff, DateTimeOffset> change) =>
        ConflictRetry.RunAsync(databases, async db =>
        {
            var handoff = await db.Handoffs.SingleOrDefaultAsync(h => h.Id == handoffId, cancellationToken);
            if (handoff is null)
                return HandoffOutcome.NotFound;
            if (handoff.Status != HandoffStatus.Assigned)
                return HandoffOutcome.AlreadyClosed;
            var lead = await db.Leads.SingleAsync(l => l.Id == handoff.LeadId, cancellationToken);
            var now = time.GetUtcNow();
            var work = new LeadWork(db, lead);
            change(work, handoff, now);
            lead.MarkChanged(now);
            await events.DispatchAsync(work, cancellationToken);
            return HandoffOutcome.Done;
        }, cancellationToken);
}
