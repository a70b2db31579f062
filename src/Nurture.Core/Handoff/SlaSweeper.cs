using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Leads;

namespace Nurture.Core.Handoff;

/// <summary>
/// Walks unaccepted handoffs up the SLA ladder when their time is up: remind the rep, then reassign to the
/// next rep (of the team, else by the rules, never the same one), then escalate to the team's manager.
/// Every step is timestamped in the handoff's events.
/// </summary>
public sealed class SlaSweeper(
    IDbContextFactory<NurtureDbContext> databases,
    HandoffService handoffs,
    Router router,
    RoutingProvider routing,
    IOptions<SalesOptions> options,
    TimeProvider time)
{
    /// <returns>How many handoffs moved a step.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var due = await db.Handoffs.Where(h => h.Status == HandoffStatus.Assigned && h.DueAt != null && h.DueAt <= now)
            .OrderBy(h => h.DueAt).Take(200).ToListAsync(cancellationToken);
        foreach (var handoff in due)
        {
            var lead = await db.Leads.SingleAsync(l => l.Id == handoff.LeadId, cancellationToken);
            await StepAsync(db, lead, handoff, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

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
