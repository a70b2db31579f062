using System.Diagnostics.CodeAnalysis;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Messaging;

public enum MessageKind
{
    /// <summary>Journey emails: suppressed for unsubscribed or bounced leads, tracked.</summary>
    Marketing,

    /// <summary>Emails to our own users (sales handoffs): never suppressed by a lead's opt-out.</summary>
    Internal,

    /// <summary>Transactional emails to a lead (double opt-in confirmation): sent even before consent.</summary>
    Transactional,

    /// <summary>A marketer's test-send of a template to an address of their choice.</summary>
    Test,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
    Cancelled,

    /// <summary>A marketing email held (quiet hours, cap, pause) past <c>Email:MaxHold</c>: never sent late.</summary>
    Expired,
}

/// <summary>
/// A message ready to send, saved in the same transaction as the step that produced it. The unique
/// idempotency key is what guarantees that no lead receives the same email twice. It is created pending
/// and leaves that state once, through one of its methods (sent, failed, bounced, cancelled, expired);
/// holds and retries keep it pending with a later attempt time.
/// </summary>
public sealed class OutboxMessage : IQueuedForDelivery
{
    public const int LastErrorLength = 1000;
    public const int FeedbackLength = 500;

    private OutboxMessage()
    {
    }

    /// <summary>A message to send from <paramref name="now"/> on, its MIME composed.</summary>
    [SetsRequiredMembers]
    public OutboxMessage(Guid id, string idempotencyKey, MessageKind kind, string recipient, MimeMessage mime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mime);
        // Kept in the message, so that whoever receives it can tell a message sent again (the same key and
        // Message-ID, after a crash between the server's acceptance and our commit) from a second message for one step.
        mime.Headers.Replace(KeyHeader, idempotencyKey);
        Id = id;
        IdempotencyKey = idempotencyKey;
        Kind = kind;
        Recipient = recipient;
        Subject = mime.Subject ?? "";
        MessageIdHeader = mime.MessageId ?? throw new ArgumentException("The message has no Message-ID: retries must keep one.", nameof(mime));
        Body = OutboxBody.Of(mime);
        CreatedAt = now;
        NextAttemptAt = now;
        TraceParent = NurtureTracing.Carried();
    }

    public Guid Id { get; private set; }
    public required string IdempotencyKey { get; init; }

    /// <summary>The header that carries <see cref="IdempotencyKey"/>.</summary>
    public const string KeyHeader = "X-Nurture-Key";

    /// <summary>How the key of a rep's handoff email begins (the handoff, its template, recipient and SLA step follow).</summary>
    public const string HandoffKeyPrefix = "handoff:";
    public MessageKind Kind { get; init; }

    /// <summary>The lead it was sent to; a merge moves it to the surviving lead.</summary>
    public Guid? LeadId { get; set; }

    /// <summary>The lead whose data a test send was rendered with (it went to a marketer, not to them): erased with the lead.</summary>
    public Guid? AboutLeadId { get; init; }

    public required string Recipient
    {
        get => _recipient;
        init
        {
            _recipient = value;
            RecipientDomain = EmailAddresses.DomainOf(value);
        }
    }

    private string _recipient = "";
    public required string Subject { get; init; }
    public string? TemplateName { get; init; }
    public string? JourneyId { get; init; }

    /// <summary>The experiment (journey/step) whose variant this email is, and the variant: its exposures.</summary>
    public string? ExperimentKey { get; init; }
    public string? Variant { get; init; }

    /// <summary>Lower-cased domain of the recipient: rate limits and policy pauses are per domain.</summary>
    public string RecipientDomain { get; private set; } = "";

    /// <summary>The journey's priority: when the weekly cap holds emails back, higher goes first.</summary>
    public int Priority { get; init; }

    /// <summary>The template's topic (preference page); null for emails outside any topic.</summary>
    public string? Topic { get; init; }

    /// <summary>Queued within <c>Email:ResponseWindow</c> of the lead's own action: it answers them, so quiet hours do not hold it.</summary>
    public bool IsResponse { get; init; }

    /// <summary>The RFC 5322 Message-ID, kept across retries.</summary>
    public required string MessageIdHeader { get; init; }

    /// <summary>The complete MIME message as it goes on the wire; loaded only when asked for (<see cref="OutboxBody"/>).</summary>
    public OutboxBody? Body { get; private set; }

    public OutboxStatus Status { get; private set; } = OutboxStatus.Pending;
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>What came back after sending: "bounce 5.1.1 …" or "complaint abuse"; null when nothing did.</summary>
    public string? Feedback { get; private set; }
    public DateTimeOffset? FeedbackAt { get; private set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The trace of the step that queued it (a W3C traceparent), continued by its send.</summary>
    public string? TraceParent { get; private set; }

    public bool IsPending => Status == OutboxStatus.Pending;

    /// <summary>Keeps it pending until <paramref name="until"/> (quiet hours, the cap, a paused domain, a retry), saying why.</summary>
    public void HoldUntil(DateTimeOffset until, string reason)
    {
        EnsurePending();
        NextAttemptAt = until;
        LastError = Columns.Fit(reason, LastErrorLength);
    }

    /// <summary>Counts a delivery attempt, before the transport is asked.</summary>
    public void BeginAttempt()
    {
        EnsurePending();
        Attempts++;
    }

    public void MarkSent(DateTimeOffset at)
    {
        EnsurePending();
        Status = OutboxStatus.Sent;
        SentAt = at;
        LastError = null;
    }

    /// <summary>Never sent: the lead unsubscribed, bounced, turned the topic off or was erased meanwhile.</summary>
    public void Cancel(string reason) => Close(OutboxStatus.Cancelled, reason);

    /// <summary>Held past <c>Email:MaxHold</c>: a campaign's moment has passed, so it never goes.</summary>
    public void Expire(string reason) => Close(OutboxStatus.Expired, reason);

    /// <summary>Given up: retries ran out, or the server refused it for good.</summary>
    public void Fail(string error) => Close(OutboxStatus.Failed, error);

    /// <summary>A 5xx at send time: failed for good, and the bounce kept as its feedback.</summary>
    public void Bounce(string code, string reply, DateTimeOffset at)
    {
        Fail(reply);
        RecordFeedback($"bounce {code} (at send time)", at);
    }

    /// <summary>What came back later (a bounce report, a complaint); it may follow any outcome.</summary>
    public void RecordFeedback(string feedback, DateTimeOffset at)
    {
        Feedback = Columns.Fit(feedback, FeedbackLength);
        FeedbackAt = at;
    }

    private void Close(OutboxStatus status, string reason)
    {
        EnsurePending();
        Status = status;
        LastError = Columns.Fit(reason, LastErrorLength);
    }

    private void EnsurePending()
    {
        if (Status != OutboxStatus.Pending)
            throw new InvalidOperationException($"Outbox message {Id} is {Status}: only a pending message changes its outcome.");
    }
}

/// <summary>
/// An outbox message's MIME, in a table of its own. It is written once, while the message's row changes
/// at every lease, attempt and status: SQLite rewrites a whole row on update, so with the MIME inside (tens
/// of KB) each of those changes rewrote the email, and reading a column after it walked its overflow pages.
/// </summary>
public sealed class OutboxBody
{
    public Guid MessageId { get; set; }
    public required byte[] Mime { get; set; }

    public static OutboxBody Of(MimeMessage message) => new() { Mime = MessageComposer.ToBytes(message) };
}
