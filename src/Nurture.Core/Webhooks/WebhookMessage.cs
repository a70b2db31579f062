namespace Nurture.Core.Webhooks;

public enum WebhookStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>Who asked for a webhook, which decides the secret that signs it.</summary>
public enum WebhookSource
{
    /// <summary>A lead handed to sales, posted to the operator's Sales:CrmWebhookUrl.</summary>
    Handoff,

    /// <summary>A journey's Webhook step, to a URL a marketer chose.</summary>
    Journey,
}

/// <summary>A webhook call waiting to be made, saved in the same transaction as the step that asked for it.</summary>
public sealed class WebhookMessage : Data.IQueuedForDelivery
{
    public Guid Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public Guid? LeadId { get; set; }
    public required string Url { get; set; }
    public WebhookSource Source { get; set; }
    public required string Body { get; set; }
    public WebhookStatus Status { get; set; } = WebhookStatus.Pending;
    public int Attempts { get; set; }
    public const int LastErrorLength = 500;
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The trace of the step that queued it (a W3C traceparent), continued by its delivery.</summary>
    public string? TraceParent { get; set; }
}
