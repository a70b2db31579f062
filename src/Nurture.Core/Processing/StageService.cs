using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Processing;

/// <summary>Moves a lead to a stage on someone's say (a rep, the CRM, an admin); backward moves included, always recorded.</summary>
public sealed class StageService(IDbContextFactory<NurtureDbContext> databases, LeadEvents events, TimeProvider time)
{
    /// <returns>The lead after the move, or null when no lead has this id.</returns>
    public Task<Lead?> MoveAsync(Guid leadId, LeadStage stage, string by, string reason, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(databases, async db =>
        {
            var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
            if (lead is null)
                return null;
            if (lead.Stage != stage)
            {
                var now = time.GetUtcNow();
                var work = new LeadWork(db, lead);
                work.MoveTo(stage, by, reason, now);
                lead.MarkChanged(now);
                await events.DispatchAsync(work, cancellationToken);
            }
            return lead;
        }, cancellationToken);
}
