using Microsoft.EntityFrameworkCore;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Webhooks;

namespace Nurture.Core.Privacy;

/// <summary>
/// GDPR: export everything held about a lead (art. 15/20) and erase it (art. 17) in one transaction. An
/// address that had opted out, bounced or complained leaves only its hash, so it is never mailed again.
/// </summary>
public sealed class LeadPrivacyService(IDbContextFactory<NurtureDbContext> databases, TimeProvider time)
{
    public async Task<LeadExport?> ExportAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
            return null;
        var instances = await db.JourneyInstances.AsNoTracking().Where(i => i.LeadId == leadId).ToListAsync(cancellationToken);
        var instanceIds = instances.Select(i => i.Id).ToList();
        return new LeadExport(
            time.GetUtcNow(),
            lead,
            await db.ConsentRecords.AsNoTracking().Where(c => c.LeadId == leadId).OrderBy(c => c.At).ToListAsync(cancellationToken),
            await db.Signals.AsNoTracking().Where(s => s.LeadId == leadId).OrderBy(s => s.ReceivedAt).ToListAsync(cancellationToken),
            await db.ScoreEntries.AsNoTracking().Where(e => e.LeadId == leadId).OrderBy(e => e.At).ToListAsync(cancellationToken),
            await db.StageTransitions.AsNoTracking().Where(t => t.LeadId == leadId).OrderBy(t => t.At).ToListAsync(cancellationToken),
            instances,
            await db.Journal.AsNoTracking().Where(j => instanceIds.Contains(j.InstanceId)).OrderBy(j => j.At).ToListAsync(cancellationToken),
            await db.Outbox.AsNoTracking().Where(m => m.LeadId == leadId).OrderBy(m => m.CreatedAt)
                .Select(m => new ExportedEmail(m.Id, m.Kind, m.Recipient, m.Subject, m.TemplateName, m.JourneyId, m.Status, m.CreatedAt, m.SentAt, m.Feedback))
                .ToListAsync(cancellationToken),
            await db.Handoffs.AsNoTracking().Where(h => h.LeadId == leadId).ToListAsync(cancellationToken));
    }

    /// <returns>False when no such lead exists.</returns>
    public async Task<bool> EraseAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
            return false;
        var reason = lead.ComplainedAt is not null ? "complaint" : lead.HardBouncedAt is not null ? "hard bounce" : lead.UnsubscribedAt is not null ? "unsubscribed" : null;
        if (reason is not null)
        {
            var hash = SuppressedAddress.Hash(lead.Email);
            if (!await db.SuppressedAddresses.AnyAsync(s => s.EmailHash == hash, cancellationToken))
                db.SuppressedAddresses.Add(new SuppressedAddress { EmailHash = hash, Reason = reason, At = time.GetUtcNow() });
        }

        var instanceIds = db.JourneyInstances.Where(i => i.LeadId == leadId).Select(i => i.Id);
        await db.Journal.Where(j => instanceIds.Contains(j.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        await db.JourneyWaits.Where(w => w.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        await db.JourneyInstances.Where(i => i.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        await db.Signals.Where(s => s.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        await db.ScoreEntries.Where(e => e.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        await db.StageTransitions.Where(t => t.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        await db.ConsentRecords.Where(c => c.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        await db.Handoffs.Where(h => h.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        await db.Webhooks.Where(w => w.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        // Sent and queued emails hold the address and the rendered content.
        await db.OutboxBodies.Where(b => db.Set<OutboxMessage>().Any(m => m.Id == b.MessageId && m.LeadId == leadId)).ExecuteDeleteAsync(cancellationToken);
        await db.Outbox.Where(m => m.LeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        db.Leads.Remove(lead);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

public sealed record ExportedEmail(Guid Id, MessageKind Kind, string Recipient, string Subject, string? TemplateName, string? JourneyId,
    OutboxStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? Feedback);

public sealed record LeadExport(
    DateTimeOffset ExportedAt,
    Lead Lead,
    IReadOnlyList<ConsentRecord> Consent,
    IReadOnlyList<Signals.Signal> Signals,
    IReadOnlyList<Scoring.ScoreEntry> Ledger,
    IReadOnlyList<StageTransition> Stages,
    IReadOnlyList<Journeys.Runtime.JourneyInstance> Journeys,
    IReadOnlyList<Journeys.Runtime.JournalEntry> Journal,
    IReadOnlyList<ExportedEmail> Emails,
    IReadOnlyList<Handoff.SalesHandoff> Handoffs);
