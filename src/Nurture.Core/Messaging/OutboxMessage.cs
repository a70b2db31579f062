using Nurture.Core.Leads;

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
/// idempotency key is what guarantees that no lead receives the same email twice.
/// </summary>
public sealed class OutboxMessage : Data.IQueuedForDelivery
{
    public Guid Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public MessageKind Kind { get; set; }
    public Guid? LeadId { get; set; }
    public required string Recipient
    {
        get => _recipient;
        set
        {
            _recipient = value;
            RecipientDomain = EmailAddresses.DomainOf(value);
        }
    }

    private string _recipient = "";
    public required string Subject { get; set; }
    public string? TemplateName { get; set; }
    public string? JourneyId { get; set; }

    /// <summary>Lower-cased domain of the recipient: rate limits and policy pauses are per domain.</summary>
    public string RecipientDomain { get; set; } = "";

    /// <summary>The journey's priority: when the weekly cap holds emails back, higher goes first.</summary>
    public int Priority { get; set; }

    /// <summary>The template's topic (preference page); null for emails outside any topic.</summary>
    public string? Topic { get; set; }

    /// <summary>Queued within <c>Email:ResponseWindow</c> of the lead's own action: it answers them, so quiet hours do not hold it.</summary>
    public bool IsResponse { get; set; }

    /// <summary>The RFC 5322 Message-ID, kept across retries.</summary>
    public required string MessageIdHeader { get; set; }

    /// <summary>The complete MIME message as it goes on the wire; loaded only when asked for (<see cref="OutboxBody"/>).</summary>
    public OutboxBody? Body { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>What came back after sending: "bounce 5.1.1 …" or "complaint abuse"; null when nothing did.</summary>
    public string? Feedback { get; set; }
    public DateTimeOffset? FeedbackAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
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

    public static OutboxBody Of(MimeKit.MimeMessage message) => new() { Mime = MessageComposer.ToBytes(message) };
}
