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

    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
}
