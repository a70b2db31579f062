using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Leads;

namespace Nurture.Core.Handoff;

/// <summary>
/// Walks unaccepted handoffs up the SLA ladder when their time is up: remind the rep, then reassign to the
/// next rep (of the team, else by the rules, never the same one), then escalate to the team's manager.
/// Every step is timestamped in the handoff's events. Each handoff steps in a unit of work of its own, guarded
/// by the handoff's version: when another node's sweep, or the rep's answer, changed it first, that change
/// stands and this step is dropped, so several nodes can sweep at once and nobody is reminded twice.
/// </summary>
public sealed class SlaSweeper(
    IDbContextFactory<NurtureDbContext> databases,
    HandoffService handoffs,
    Router router,
    RoutingProvider routing,
    IOptions<SalesOptions> options,
    TimeProvider time)
{
    /// <returns>How many handoffs this sweep moved a step.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<Guid> due;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Handoffs.Where(h => h.Status == HandoffStatus.Assigned && h.DueAt != null && h.DueAt <= now)
                .OrderBy(h => h.DueAt).Select(h => h.Id).Take(200).ToListAsync(cancellationToken);
        }
        var moved = 0;
        foreach (var id in due)
        {
            if (await StepOneAsync(id, now, cancellationToken))
                moved++;
        }
        return moved;
    }

    // A conflict means another node's step, or the rep's answer, committed first: the retry reads that and stops.
    private Task<bool> StepOneAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(databases, async db =>
        {
            var handoff = await db.Handoffs.SingleAsync(h => h.Id == id, cancellationToken);
            if (!handoff.IsOpen || handoff.DueAt is not { } dueAt || dueAt > now)
                return false; // answered, or stepped by another node, since the list was read
            var lead = await db.Leads.SingleAsync(l => l.Id == handoff.LeadId, cancellationToken);
            await StepAsync(db, lead, handoff, now, cancellationToken);
            return true;
        }, cancellationToken);

    private async Task StepAsync(NurtureDbContext db, Lead lead, SalesHandoff handoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (handoff.SlaStep)
        {
            case SlaStep.Assigned:
                handoff.Remind(now);
                HandoffService.Record(db, handoff, "reminded", handoff.RepEmail, $"not accepted within {handoff.SlaMinutes} minutes", now);
                await handoffs.NotifyAsync(db, lead, handoff, options.Value.ReminderTemplate, handoff.RepEmail, cancellationToken);
                break;
            case SlaStep.Reminded:
                var next = await router.AssignAsync(db, lead, now, cancellationToken, excluding: handoff.RepEmail);
                if (next.RepEmail.Equals(handoff.RepEmail, StringComparison.OrdinalIgnoreCase))
                {
                    handoff.Reassign(handoff.RepEmail, now);
                    HandoffService.Record(db, handoff, "reassigned", handoff.RepEmail, "no other rep to reassign to", now);
                    break;
                }
                HandoffService.Record(db, handoff, "reassigned", next.RepEmail, $"from {handoff.RepEmail}: {next.Why}", now);
                handoff.Reassign(next.RepEmail, now);
                await handoffs.NotifyAsync(db, lead, handoff, options.Value.HandoffTemplate, handoff.RepEmail, cancellationToken);
                break;
            default:
                var manager = routing.Current.Team(handoff.Team)?.Manager ?? routing.Current.EscalationEmail ?? options.Value.DefaultRepEmail;
                handoff.Escalate();
                HandoffService.Record(db, handoff, "escalated", manager, $"still not accepted {(now - handoff.CreatedAt).TotalMinutes:0} minutes after the handoff", now);
                await handoffs.NotifyAsync(db, lead, handoff, options.Value.EscalationTemplate, manager, cancellationToken);
                break;
        }
    }
}
