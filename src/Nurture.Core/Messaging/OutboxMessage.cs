namespace Nurture.Core.Messaging;

public enum MessageKind
{
    /// <summary>Journey emails: suppressed for unsubscribed or bounced leads, tracked.</summary>
    Marketing,

    /// <summary>Emails to our own users (sales handoffs): never suppressed by a lead's opt-out.</summary>
    Internal,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
    Cancelled,
}

/// <summary>
/// A message ready to send, saved in the same transaction as the step that produced it. The unique
/// idempotency key is what guarantees that no lead receives the same email twice.
/// </summary>
public sealed class OutboxMessage : Data.ILeasedRow
{
    public Guid Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public MessageKind Kind { get; set; }
    public Guid? LeadId { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public string? TemplateName { get; set; }
    public string? JourneyId { get; set; }

    /// <summary>The RFC 5322 Message-ID, kept across retries.</summary>
    public required string MessageIdHeader { get; set; }

    /// <summary>The complete MIME message as it goes on the wire.</summary>
    public required byte[] Mime { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}
