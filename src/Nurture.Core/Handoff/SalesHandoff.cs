namespace Nurture.Core.Handoff;

public enum HandoffStatus
{
    Assigned,
    Accepted,
    Rejected,
}

/// <summary>Where a handoff stands on its SLA ladder: assigned → reminded → reassigned → escalated.</summary>
public enum SlaStep
{
    Assigned,
    Reminded,
    Reassigned,
    Escalated,
}

/// <summary>A lead handed to a sales rep when it became an MQL.</summary>
public sealed class SalesHandoff
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public required string RepEmail { get; set; }
    public required string Reason { get; set; }
    public int ScoreAtHandoff { get; set; }
    public HandoffStatus Status { get; set; } = HandoffStatus.Assigned;
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? NotificationId { get; set; }

    /// <summary>The team it was routed through (for round-robin and reassignment), and the rule that chose it.</summary>
    public string? Team { get; set; }
    public string? Rule { get; set; }

    public int SlaMinutes { get; set; }

    /// <summary>When the next SLA step falls due; null once accepted, rejected or escalated.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public SlaStep SlaStep { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }
    public string? RejectReason { get; set; }
}

/// <summary>One step of a handoff, timestamped: assigned, reminded, reassigned, escalated, accepted, rejected.</summary>
public sealed class HandoffEvent
{
    public Guid Id { get; set; }
    public Guid HandoffId { get; set; }
    public required string Kind { get; set; }
    public string? Rep { get; set; }
    public required string Detail { get; set; }
    public DateTimeOffset At { get; set; }
}
