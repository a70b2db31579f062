namespace Nurture.Core.Journeys.Runtime;

public enum WaitKind
{
    Timer,
    Signal,

    /// <summary>A lead's date (renewal, sign-up anniversary) falling due for a DateReached trigger: starts the journey.</summary>
    Date,
}

/// <summary>
/// A durable wait: a timer (indexed by due time) or a signal subscription (indexed by lead and type).
/// Sweeps claim due timers in batches under a lease; nothing is held in memory, so a 12-month delay
/// costs one row and survives restarts.
/// </summary>
public sealed class JourneyWait : Data.ILeasedRow
{
    public Guid Id { get; set; }
    /// <summary>The waiting instance; none for a <see cref="WaitKind.Date"/> wait, which starts one.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>A <see cref="WaitKind.Date"/> wait's journey; its trigger is named in <see cref="ActivityId"/> ("trigger:0").</summary>
    public string? JourneyId { get; set; }
    public Guid LeadId { get; set; }
    public required string ActivityId { get; set; }
    public WaitKind Kind { get; set; }
    public string? SignalType { get; set; }

    /// <summary>Property values the signal must have (asset, url…), matched after the indexed lookup.</summary>
    public Dictionary<string, string>? Filters { get; set; }
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The outcome port the instance takes when this wait fires.</summary>
    public required string Outcome { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static JourneyWait Timer(JourneyInstance instance, string activityId, DateTimeOffset dueAt, string outcome, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        InstanceId = instance.Id,
        LeadId = instance.LeadId,
        ActivityId = activityId,
        Kind = WaitKind.Timer,
        DueAt = dueAt.ToUniversalTime(), // PostgreSQL's timestamptz takes UTC only; "until" dates carry offsets
        Outcome = outcome,
        CreatedAt = now,
    };

    public static JourneyWait ForDate(Guid leadId, string journeyId, int trigger, DateTimeOffset dueAt, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LeadId = leadId,
        JourneyId = journeyId,
        ActivityId = TriggerKey(trigger),
        Kind = WaitKind.Date,
        DueAt = dueAt.ToUniversalTime(),
        Outcome = "Start",
        CreatedAt = now,
    };

    public static string TriggerKey(int trigger) => $"trigger:{trigger}";

    public static JourneyWait ForSignal(JourneyInstance instance, string activityId, string signalType, Dictionary<string, string>? filters, string outcome, DateTimeOffset now) => new()
    {
        Filters = filters is { Count: > 0 } ? filters : null,
        Id = Guid.CreateVersion7(now),
        InstanceId = instance.Id,
        LeadId = instance.LeadId,
        ActivityId = activityId,
        Kind = WaitKind.Signal,
        SignalType = signalType,
        Outcome = outcome,
        CreatedAt = now,
    };
}
