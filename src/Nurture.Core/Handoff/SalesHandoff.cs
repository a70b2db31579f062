using Nurture.Core.Data;

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

/// <summary>
/// A lead handed to a sales rep when it became an MQL. It stays assigned until the rep accepts or rejects
/// it, climbing the SLA ladder meanwhile (reminded, reassigned, escalated); its methods check each step.
/// </summary>
public sealed class SalesHandoff
{
    private SalesHandoff()
    {
    }

    /// <summary>A handoff to <paramref name="repEmail"/>, due for its first SLA step <paramref name="slaMinutes"/> from now.</summary>
    public SalesHandoff(Guid id, Guid leadId, string repEmail, int slaMinutes, DateTimeOffset now)
    {
        Id = id;
        LeadId = leadId;
        RepEmail = repEmail;
        SlaMinutes = slaMinutes;
        CreatedAt = now;
        DueAt = now + Sla;
    }

    public Guid Id { get; private set; }
    public Guid LeadId { get; private set; }
    public string RepEmail { get; private set; } = "";
    public const int ReasonLength = 500;
    public required string Reason { get; init; }
    public int ScoreAtHandoff { get; init; }
    public HandoffStatus Status { get; private set; } = HandoffStatus.Assigned;
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? NotificationId { get; set; }

    /// <summary>The team it was routed through (for round-robin and reassignment), and the rule that chose it.</summary>
    public string? Team { get; init; }
    public string? Rule { get; init; }

    public int SlaMinutes { get; private set; }

    /// <summary>When the next SLA step falls due; null once accepted, rejected or escalated.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public SlaStep SlaStep { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public DateTimeOffset? RejectedAt { get; private set; }
    public const int RejectReasonLength = 500;
    public string? RejectReason { get; private set; }

    public bool IsOpen => Status == HandoffStatus.Assigned;

    /// <summary>
    /// Bumped by every change of state, and checked on commit: of two nodes (or a sweep and the rep's answer)
    /// that change one handoff at once, the second fails and sees the first's change when it tries again.
    /// </summary>
    public int Version { get; private set; }

    public void Accept(DateTimeOffset now)
    {
        EnsureOpen();
        Status = HandoffStatus.Accepted;
        AcceptedAt = now;
        DueAt = null;
        Version++;
    }

    public void Reject(string reason, DateTimeOffset now)
    {
        EnsureOpen();
        Status = HandoffStatus.Rejected;
        RejectedAt = now;
        RejectReason = Columns.Fit(reason, RejectReasonLength);
        DueAt = null;
        Version++;
    }

    /// <summary>The first SLA step: the same rep is reminded, with another SLA's time.</summary>
    public void Remind(DateTimeOffset now) => Climb(SlaStep.Assigned, SlaStep.Reminded, now + Sla);

    /// <summary>The second: another rep (or the same, when there is no other) gets it, with another SLA's time.</summary>
    public void Reassign(string repEmail, DateTimeOffset now)
    {
        Climb(SlaStep.Reminded, SlaStep.Reassigned, now + Sla);
        RepEmail = repEmail;
    }

    /// <summary>The last: the manager is told; no step follows.</summary>
    public void Escalate() => Climb(SlaStep.Reassigned, SlaStep.Escalated, null);

    private TimeSpan Sla => TimeSpan.FromMinutes(SlaMinutes);

    private void Climb(SlaStep from, SlaStep to, DateTimeOffset? nextDue)
    {
        EnsureOpen();
        if (SlaStep != from)
            throw new InvalidOperationException($"Handoff {Id} is at {SlaStep}: {to} follows {from}.");
        SlaStep = to;
        DueAt = nextDue;
        Version++;
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
            throw new InvalidOperationException($"Handoff {Id} is {Status}: only an assigned handoff changes.");
    }
}

/// <summary>One step of a handoff, timestamped: assigned, reminded, reassigned, escalated, accepted, rejected.</summary>
public sealed class HandoffEvent
{
    public Guid Id { get; set; }
    public Guid HandoffId { get; set; }
    public required string Kind { get; set; }
    public string? Rep { get; set; }
    public const int DetailLength = 500;
    public required string Detail { get; set; }
    public DateTimeOffset At { get; set; }
}
