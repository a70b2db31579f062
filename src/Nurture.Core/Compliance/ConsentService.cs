using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Core.Work;

namespace Nurture.Core.Compliance;

/// <summary>
/// Double opt-in (a signed confirmation link; nothing else is sent until it is followed and confirmed),
/// the per-lead open-tracking switch, and the consent records that prove each of them.
/// </summary>
public sealed class ConsentService(
    IDbContextFactory<NurtureDbContext> databases,
    TemplateStore templates,
    EmailRenderer renderer,
    MessageComposer composer,
    TrackingUrls urls,
    LeadEvents events,
    IOptions<ComplianceOptions> options,
    TimeProvider time)
{
    /// <summary>For a new lead: honours a suppressed address, records the consent and sends the confirmation.</summary>
    public async Task OnCreatedAsync(NurtureDbContext db, Lead lead, ConsentInput? consent, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lead);
        var hash = SuppressedAddress.Hash(lead.Email);
        if (await db.SuppressedAddresses.AsNoTracking().FirstOrDefaultAsync(s => s.EmailHash == hash, cancellationToken) is { } suppressed)
        {
            // Erased earlier after opting out (or bouncing): the new record starts opted out.
            lead.Unsubscribe(now);
            db.ConsentRecords.Add(Record(lead, ConsentKinds.Unsubscribed, source, now, $"address was suppressed before erasure ({suppressed.Reason})"));
        }
        if (consent is null)
            return;
        var record = Record(lead, consent.DoubleOptIn ? ConsentKinds.OptInRequested : ConsentKinds.OptInConfirmed, consent.Source ?? source, now,
            consent.DoubleOptIn ? "confirmation email sent" : "consent collected by the caller");
        record.TextVersion = consent.TextVersion;
        record.IpAddress = consent.IpAddress;
        record.UserAgent = consent.UserAgent;
        db.ConsentRecords.Add(record);
        if (consent.DoubleOptIn && lead.RequestOptIn())
            QueueConfirmation(db, lead, now);
    }

    /// <summary>
    /// A known lead consents again (a form's box ticked): recorded as evidence, under the text it saw. It changes
    /// no state: an opted-out lead stays out (a form is no way back in), a pending one still has to confirm.
    /// </summary>
    public static void OnGivenAgain(NurtureDbContext db, Lead lead, ConsentInput consent, string source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(consent);
        var record = Record(lead, ConsentKinds.OptInConfirmed, consent.Source ?? source, now, "consent given again by a known lead");
        record.TextVersion = consent.TextVersion;
        record.IpAddress = consent.IpAddress;
        record.UserAgent = consent.UserAgent;
        db.ConsentRecords.Add(record);
    }

    /// <summary>The POST behind the confirmation link: the lead becomes mailable and enters its journeys.</summary>
    public async Task<bool> ConfirmAsync(TrackingToken token, HitInfo hit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(hit);
        return await ConflictRetry.RunAsync(databases, async db =>
        {
            var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == token.LeadId, cancellationToken);
            if (lead is null)
                return false;
            if (!lead.ConfirmOptIn())
                return true;
            var now = time.GetUtcNow();
            lead.MarkChanged(now);
            var record = Record(lead, ConsentKinds.OptInConfirmed, "confirmation link", now, "confirmed with a POST");
            (record.IpAddress, record.UserAgent) = hit.Fitted();
            db.ConsentRecords.Add(record);
            var work = new LeadWork(db, lead);
            work.Raise(LeadEvent.Created());
            await events.DispatchAsync(work, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<bool> SetOpenTrackingAsync(Guid leadId, bool on, string by, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(databases, async db =>
        {
            var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
            if (lead is null)
                return false;
            if (lead.OpenTrackingOff == !on)
                return true;
            var now = time.GetUtcNow();
            lead.OpenTrackingOff = !on;
            lead.MarkChanged(now);
            db.ConsentRecords.Add(Record(lead, on ? ConsentKinds.OpenTrackingOn : ConsentKinds.OpenTrackingOff, by, now, null));
            return true;
        }, cancellationToken);

    private void QueueConfirmation(NurtureDbContext db, Lead lead, DateTimeOffset now)
    {
        var template = templates.Get(options.Value.ConfirmationTemplate);
        var messageId = Guid.CreateVersion7(now);
        var link = urls.ConfirmOptIn(messageId, lead.Id, now);
        var email = renderer.Render(template, html => new Scriban.Runtime.ScriptObject
        {
            ["lead"] = EmailModelBuilder.LeadObject(lead, html),
            ["confirm_url"] = link,
        });
        var message = composer.Compose(new ComposeRequest(new MailboxAddress(lead.DisplayName, lead.Email), email.Subject, email.Html, email.Text));
        db.Outbox.Add(new OutboxMessage(messageId, $"opt-in:{lead.Id:N}", MessageKind.Transactional, lead.Email, message, now)
        {
            LeadId = lead.Id,
            TemplateName = template.Name,
        });
    }

    private static ConsentRecord Record(Lead lead, string kind, string source, DateTimeOffset now, string? detail) => new()
    {
        Id = Guid.CreateVersion7(now),
        LeadId = lead.Id,
        Kind = kind,
        Source = source,
        Detail = detail,
        At = now,
    };
}

public sealed class ComplianceOptions : Configuration.ISelfValidatingOptions
{
    public const string Section = "Compliance";

    /// <summary>Template of the double opt-in email; it must use <c>{{ confirm_url }}</c>.</summary>
    public string ConfirmationTemplate { get; set; } = "confirm-subscription";

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ConfirmationTemplate))
            yield return "Compliance:ConfirmationTemplate must name a template in templates/ (got an empty value).";
    }
}
