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

    /// <summary>The lead went to another rep since the link was sent: the link answers nothing.</summary>
    Reassigned,
}

/// <summary>
/// A rep's answer. Accepted → SAL. Rejected → Recycled: the engagement score goes back to zero through a
/// ledger row with the rep's reason, and the StageChanged trigger takes the lead into the recycle journey.
/// </summary>
public sealed class HandoffActions(IDbContextFactory<NurtureDbContext> databases, ScoringService scoring, LeadEvents events, TimeProvider time)
{
    /// <param name="boundTo">The rep a signed link was sent for; the answer counts only while the handoff is still theirs.</param>
    public Task<HandoffOutcome> AcceptAsync(Guid handoffId, string by, CancellationToken cancellationToken, string? boundTo = null) =>
        RunAsync(handoffId, boundTo, cancellationToken, (work, handoff, now) =>
        {
            handoff.Accept(now);
            HandoffService.Record(work.Db, handoff, "accepted", by, $"accepted {(now - handoff.CreatedAt).TotalMinutes:0.#} minutes after the handoff", now);
            work.MoveTo(LeadStage.Sal, by, "handoff accepted", now);
        });

    public Task<HandoffOutcome> RejectAsync(Guid handoffId, string by, string reason, CancellationToken cancellationToken, string? boundTo = null) =>
        RunAsync(handoffId, boundTo, cancellationToken, (work, handoff, now) =>
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

    /// <summary>What answering a signed link would do now, without answering: for the page that asks first.</summary>
    public async Task<HandoffOutcome> CheckAsync(Guid handoffId, string boundTo, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return Check(await db.Handoffs.AsNoTracking().SingleOrDefaultAsync(h => h.Id == handoffId, cancellationToken), boundTo);
    }

    private static HandoffOutcome Check(SalesHandoff? handoff, string? boundTo) => handoff switch
    {
        null => HandoffOutcome.NotFound,
        { Status: not HandoffStatus.Assigned } => HandoffOutcome.AlreadyClosed,
        _ when boundTo is not null && !string.Equals(handoff.RepEmail, boundTo, StringComparison.OrdinalIgnoreCase) => HandoffOutcome.Reassigned,
        _ => HandoffOutcome.Done,
    };

    private Task<HandoffOutcome> RunAsync(Guid handoffId, string? boundTo, CancellationToken cancellationToken, Action<LeadWork, SalesHandoff, DateTimeOffset> change) =>
        ConflictRetry.RunAsync(databases, async db =>
        {
            var handoff = await db.Handoffs.SingleOrDefaultAsync(h => h.Id == handoffId, cancellationToken);
            var state = Check(handoff, boundTo);
            if (state != HandoffOutcome.Done || handoff is null)
                return state;
            var lead = await db.Leads.SingleAsync(l => l.Id == handoff.LeadId, cancellationToken);
            var now = time.GetUtcNow();
            var work = new LeadWork(db, lead);
            change(work, handoff, now);
            lead.MarkChanged(now);
            await events.DispatchAsync(work, cancellationToken);
            return HandoffOutcome.Done;
        }, cancellationToken);
}
