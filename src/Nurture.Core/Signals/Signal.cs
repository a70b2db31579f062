namespace Nurture.Core.Signals;

/// <summary>
/// A behavioural signal, kept raw with its label. The row doubles as the inbox: it is committed first
/// (ProcessedAt null), then scored and matched to waiting journeys by <see cref="SignalProcessor"/>.
/// </summary>
public sealed class Signal
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public required string Type { get; set; }

    /// <summary>Filterable details (link URL, asset name, form id…) as a JSON object.</summary>
    public string? PropertiesJson { get; set; }

    public string? IdempotencyKey { get; set; }
    public required string Source { get; set; }

    /// <summary>The outbox message a tracking hit came from, when it came from an email.</summary>
    public Guid? MessageId { get; set; }

    public SignalLabel Label { get; set; } = SignalLabel.Human;
    public const int LabelReasonLength = 200;
    public string? LabelReason { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>Identical tracking hits after this one (same link and client, within <c>Tracking:RepeatWindow</c>), counted here rather than recorded.</summary>
    public int Repeats { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>The trace of the request that brought it (a W3C traceparent), continued by its processing; null while nobody traces.</summary>
    public string? TraceParent { get; set; }

    /// <summary>
    /// Processing attempts that failed (a database out of reach does not count: the signal is not at fault),
    /// counted by one UPDATE in the signal processor, so that concurrent failures all count.
    /// </summary>
    public int Attempts { get; private set; }

    public const int LastErrorLength = 500;
    public string? LastError { get; private set; }

    /// <summary>
    /// Set once the signal failed <see cref="SignalOptions.MaxAttempts"/> times: the replay sweep leaves it (it
    /// would fail again, and hold up the signals behind it) until someone retries it through the API.
    /// </summary>
    public DateTimeOffset? DeadLetteredAt { get; private set; }

    public bool IsDeadLettered => DeadLetteredAt is not null;

    /// <summary>Back from the dead letters, with its attempts counted afresh: the replay sweep takes it again.</summary>
    public void Retry()
    {
        Attempts = 0;
        DeadLetteredAt = null;
    }
}
