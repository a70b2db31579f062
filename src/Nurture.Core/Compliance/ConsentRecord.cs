namespace Nurture.Core.Compliance;

/// <summary>
/// One consent event, kept as evidence (GDPR art. 7(1)): who, what, when, from where, under which text.
/// Rows are only added, never changed.
/// </summary>
public sealed class ConsentRecord
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }

    /// <summary>One of <see cref="ConsentKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>Where it happened: "form:webinar", "unsubscribe link", "one-click header", "api"…</summary>
    public required string Source { get; set; }

    /// <summary>Version of the consent text the lead saw, when there was one.</summary>
    public string? TextVersion { get; set; }

    public const int DetailLength = 500;
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class ConsentKinds
{
    public const string OptInRequested = "opt-in-requested";
    public const string OptInConfirmed = "opt-in-confirmed";
    public const string Unsubscribed = "unsubscribed";
    public const string TopicOptOut = "topic-opt-out";
    public const string TopicOptIn = "topic-opt-in";
    public const string OpenTrackingOff = "open-tracking-off";
    public const string OpenTrackingOn = "open-tracking-on";
}
