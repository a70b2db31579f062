using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Feedback;

public enum FeedbackKind
{
    HardBounce,
    SoftBounce,
    Complaint,

    /// <summary>A report, but of nothing we sent (or its token was forged).</summary>
    Unmatched,

    /// <summary>Not a DSN or an ARF report (an auto-reply, a person writing back).</summary>
    NotAReport,
}

public sealed record FeedbackResult(FeedbackKind Kind, string Detail)
{
    public Guid? MessageId { get; init; }
    public Guid? LeadId { get; init; }
    public bool Suppressed { get; init; }
}

/// <summary>
/// Reads what comes back after sending: delivery status notifications (RFC 3464, <see cref="MessageDeliveryStatus"/>)
/// and complaint reports (ARF, RFC 5965, <see cref="MessageFeedbackReport"/>). The message is found by the
/// signed token in the return path it was sent to (VERP), else by the original's Message-ID. A hard bounce
/// or a complaint suppresses the lead at once; soft bounces are recorded on the message only.
/// </summary>
public sealed class FeedbackProcessor(
    IDbContextFactory<NurtureDbContext> databases,
    ReturnPath returnPath,
    SuppressionService suppressions,
    SignalQueue signals,
    TimeProvider time,
    ILogger<FeedbackProcessor> logger)
{
    public async Task<FeedbackResult> ProcessAsync(MimeMessage report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var multipart = report.Body as MultipartReport ?? report.BodyParts.OfType<MultipartReport>().FirstOrDefault();
        var (kind, detail) = multipart is null ? (FeedbackKind.NotAReport, "not a multipart/report") : Read(multipart);
        if (kind == FeedbackKind.NotAReport)
            return new FeedbackResult(kind, detail);

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var message = await FindMessageAsync(db, report, multipart!, cancellationToken);
        if (message is null)
        {
            logger.LogWarning("A {Kind} report matched no message we sent: {Detail}", kind, Leads.Redaction.Addresses(detail));
            return new FeedbackResult(FeedbackKind.Unmatched, $"{kind}: {detail}");
        }

        var result = await ConflictRetry.RunAsync(databases, async work =>
        {
            var outbox = await work.Outbox.SingleAsync(m => m.Id == message.Id, cancellationToken);
            var now = time.GetUtcNow();
            outbox.RecordFeedback($"{(kind == FeedbackKind.Complaint ? "complaint" : kind == FeedbackKind.HardBounce ? "bounce" : "soft bounce")} {detail}", now);
            var lead = outbox.LeadId is { } id && outbox.Kind is MessageKind.Marketing or MessageKind.Transactional
                ? await work.Leads.SingleOrDefaultAsync(l => l.Id == id, cancellationToken)
                : null;
            if (lead is null || kind == FeedbackKind.SoftBounce)
                return (Result: new FeedbackResult(kind, detail) { MessageId = outbox.Id, LeadId = outbox.LeadId }, Signal: (Signal?)null);
            var reason = kind == FeedbackKind.Complaint ? SuppressionReason.Complaint : SuppressionReason.HardBounce;
            var signal = await suppressions.ApplyAsync(work, lead, new Suppression(reason, "feedback report", detail) { MessageId = outbox.Id }, now, cancellationToken);
            return (Result: new FeedbackResult(kind, detail) { MessageId = outbox.Id, LeadId = lead.Id, Suppressed = true }, Signal: signal);
        }, cancellationToken);
        if (result.Signal is not null)
            signals.Enqueue(result.Signal.Id, result.Signal.LeadId);
        logger.LogInformation("{Kind} for message {MessageId}: {Detail}", kind, message.Id, Leads.Redaction.Addresses(detail));
        return result.Result;
    }

    private static (FeedbackKind Kind, string Detail) Read(MultipartReport report)
    {
        if (report.OfType<MessageFeedbackReport>().FirstOrDefault() is { } feedback)
        {
            return (FeedbackKind.Complaint, (feedback.Fields["Feedback-Type"] ?? "abuse").Trim());
        }
        if (report.OfType<MessageDeliveryStatus>().FirstOrDefault() is not { } status)
            return (FeedbackKind.NotAReport, $"report type '{report.ReportType}' is neither delivery-status nor feedback-report");

        // The first group is about the message; each further group is one recipient.
        foreach (var recipient in status.StatusGroups.Skip(1))
        {
            var action = recipient["Action"]?.Trim().ToLowerInvariant();
            var code = recipient["Status"]?.Trim() ?? "";
            var diagnostic = recipient["Diagnostic-Code"]?.Trim();
            var detail = diagnostic is null ? code : $"{code} ({diagnostic})";
            if (action == "failed" && code.StartsWith("5.", StringComparison.Ordinal))
                return (FeedbackKind.HardBounce, detail);
            if (action is "failed" or "delayed")
                return (FeedbackKind.SoftBounce, detail);
        }
        return (FeedbackKind.NotAReport, "a delivery status without a failure (delivered, relayed or expanded)");
    }

    private async Task<OutboxMessage?> FindMessageAsync(NurtureDbContext db, MimeMessage report, MultipartReport multipart, CancellationToken cancellationToken)
    {
        var original = multipart.OfType<MessagePart>().Select(p => p.Message).FirstOrDefault(m => m is not null);
        var candidates = new[] { report.Headers["Delivered-To"], report.Headers["X-Original-To"] }
            .Concat(report.To.Mailboxes.Select(m => m.Address))
            .Append(multipart.OfType<MessageFeedbackReport>().FirstOrDefault()?.Fields["Original-Mail-From"]) // ARF reports go to the postmaster, not the VERP address
            .Append(original?.Headers[HeaderId.ReturnPath]);
        if (candidates.Select(returnPath.MessageIdIn).FirstOrDefault(id => id is not null) is { } id)
            return await db.Outbox.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);

        if (original?.MessageId is { Length: > 0 } messageId)
            return await db.Outbox.AsNoTracking().FirstOrDefaultAsync(m => m.MessageIdHeader == messageId, cancellationToken);
        return null;
    }
}
