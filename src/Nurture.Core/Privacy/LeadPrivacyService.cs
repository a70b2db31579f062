using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Processing.Import;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Webhooks;

namespace Nurture.Core.Privacy;

/// <summary>
/// GDPR: export everything held about a lead (art. 15/20) and erase it (art. 17). The export lists everything
/// the erasure removes: the lead's rows, test sends rendered with its data, its emails' pickup files, the
/// delivery alerts about its emails (redacted, not removed: they belong to the domain) and this node's import
/// errors of its rows. An address that had opted out, bounced or complained leaves only its hash, so it is
/// never mailed again.
/// </summary>
public sealed class LeadPrivacyService(
    IDbContextFactory<NurtureDbContext> databases,
    IOptions<EmailOptions> email,
    LeadImports imports,
    TimeProvider time,
    ILogger<LeadPrivacyService> logger)
{
    public async Task<LeadExport?> ExportAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
            return null;
        var instances = await db.JourneyInstances.AsNoTracking().Where(i => i.LeadId == leadId).ToListAsync(cancellationToken);
        var instanceIds = instances.Select(i => i.Id).ToList();
        var emails = await Emails(db.Outbox.Where(m => m.LeadId == leadId)).ToListAsync(cancellationToken);
        var testSends = await Emails(db.Outbox.Where(m => m.AboutLeadId == leadId)).ToListAsync(cancellationToken);
        var messages = await MessagesOfAsync(db, leadId, cancellationToken);
        return new LeadExport(
            time.GetUtcNow(),
            lead,
            await db.ConsentRecords.AsNoTracking().Where(c => c.LeadId == leadId).OrderBy(c => c.At).ToListAsync(cancellationToken),
            await db.Signals.AsNoTracking().Where(s => s.LeadId == leadId).OrderBy(s => s.ReceivedAt).ToListAsync(cancellationToken),
            await db.ScoreEntries.AsNoTracking().Where(e => e.LeadId == leadId).OrderBy(e => e.At).ToListAsync(cancellationToken),
            await db.StageTransitions.AsNoTracking().Where(t => t.LeadId == leadId).OrderBy(t => t.At).ToListAsync(cancellationToken),
            instances,
            await db.Journal.AsNoTracking().Where(j => instanceIds.Contains(j.InstanceId)).OrderBy(j => j.At).ToListAsync(cancellationToken),
            emails,
            await db.Handoffs.AsNoTracking().Where(h => h.LeadId == leadId).ToListAsync(cancellationToken))
        {
            TestSends = testSends,
            Webhooks = await db.Webhooks.AsNoTracking().Where(w => w.LeadId == leadId).OrderBy(w => w.CreatedAt)
                .Select(w => new ExportedWebhook(w.Id, w.Source, w.Url, w.Body, w.Status, w.CreatedAt, w.DeliveredAt)).ToListAsync(cancellationToken),
            DeliveryAlerts = await AlertsAbout(db, messages.Ids, lead.Email)
                .Select(a => new ExportedAlert(a.Id, a.Domain, a.Code, a.Detail, a.At)).ToListAsync(cancellationToken),
            PickupFiles = PickupFilesOf(messages.Headers).Select(Path.GetFileName).OfType<string>().ToList(),
            ImportErrors = imports.All.SelectMany(i => i.ErrorsOf(lead.Email).Select(e => new ExportedImportError(i.Id, e.Line, e.Field, e.Message))).ToList(),
        };
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

        var messages = await MessagesOfAsync(db, leadId, cancellationToken);
        foreach (var alert in await AlertsAbout(db, messages.Ids, lead.Email).AsTracking().ToListAsync(cancellationToken))
        {
            alert.Detail = Redaction.Addresses(alert.Detail);
            alert.MessageId = null;
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
        // Sent and queued emails, and test sends rendered with the lead's data, hold the address and the content.
        await db.OutboxBodies.Where(b => db.Set<OutboxMessage>().Any(m => m.Id == b.MessageId && (m.LeadId == leadId || m.AboutLeadId == leadId))).ExecuteDeleteAsync(cancellationToken);
        await db.Outbox.Where(m => m.LeadId == leadId || m.AboutLeadId == leadId).ExecuteDeleteAsync(cancellationToken);
        db.Leads.Remove(lead);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Outside the database, once the rows are gone: files and this node's memory.
        foreach (var file in PickupFilesOf(messages.Headers))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException e)
            {
                logger.LogError(e, "Could not delete the pickup file {File} of erased lead {LeadId}", Path.GetFileName(file), leadId);
            }
        }
        foreach (var import in imports.All)
            import.Forget(lead.Email);
        return true;
    }

    private static IQueryable<ExportedEmail> Emails(IQueryable<OutboxMessage> messages) =>
        messages.AsNoTracking().OrderBy(m => m.CreatedAt)
            .Select(m => new ExportedEmail(m.Id, m.Kind, m.Recipient, m.Subject, m.TemplateName, m.JourneyId, m.Status, m.CreatedAt, m.SentAt, m.Feedback));

    private sealed record Messages(List<Guid> Ids, List<string> Headers);

    /// <summary>The emails sent to the lead and the test sends rendered with its data.</summary>
    private static async Task<Messages> MessagesOfAsync(NurtureDbContext db, Guid leadId, CancellationToken cancellationToken)
    {
        var rows = await db.Outbox.AsNoTracking().Where(m => m.LeadId == leadId || m.AboutLeadId == leadId)
            .Select(m => new { m.Id, m.MessageIdHeader }).ToListAsync(cancellationToken);
        return new Messages(rows.Select(r => r.Id).ToList(), rows.Select(r => r.MessageIdHeader).ToList());
    }

    /// <summary>Alerts raised by the lead's emails, and any whose reply quotes its address.</summary>
    private static IQueryable<DeliveryAlert> AlertsAbout(NurtureDbContext db, List<Guid> messageIds, string address)
    {
        var lowered = address.ToLowerInvariant();
        return db.DeliveryAlerts.AsNoTracking().Where(a => (a.MessageId != null && messageIds.Contains(a.MessageId.Value)) || a.Detail.ToLower().Contains(lowered));
    }

    private IEnumerable<string> PickupFilesOf(IEnumerable<string> messageIdHeaders) =>
        PickupDirectoryTransport.FilesOf(email.Value.PickupDirectory, messageIdHeaders).ToList();
}

public sealed record ExportedEmail(Guid Id, MessageKind Kind, string Recipient, string Subject, string? TemplateName, string? JourneyId,
    OutboxStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? Feedback);

public sealed record ExportedWebhook(Guid Id, WebhookSource Source, string Url, string Body, WebhookStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

public sealed record ExportedAlert(Guid Id, string Domain, string Code, string Detail, DateTimeOffset At);

public sealed record ExportedImportError(Guid ImportId, int Line, string Field, string Message);

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
    IReadOnlyList<Handoff.SalesHandoff> Handoffs)
{
    /// <summary>Test sends of templates rendered with the lead's data (sent to a marketer).</summary>
    public IReadOnlyList<ExportedEmail> TestSends { get; init; } = [];

    public IReadOnlyList<ExportedWebhook> Webhooks { get; init; } = [];

    /// <summary>Delivery alerts about the lead's emails (kept after an erasure, without the address).</summary>
    public IReadOnlyList<ExportedAlert> DeliveryAlerts { get; init; } = [];

    /// <summary>The lead's emails as files in the pickup folder (when no SMTP server is configured).</summary>
    public IReadOnlyList<string> PickupFiles { get; init; } = [];

    /// <summary>Errors of CSV rows with the lead's address, from imports this node ran in the last day.</summary>
    public IReadOnlyList<ExportedImportError> ImportErrors { get; init; } = [];
}
