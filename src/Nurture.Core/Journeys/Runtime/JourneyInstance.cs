using Nurture.Core.Data;

namespace Nurture.Core.Journeys.Runtime;

public enum JourneyInstanceStatus
{
    Running,
    Waiting,
    Completed,
    Faulted,
}

/// <summary>A lead's progress through one version of a journey. Its waits live in their own rows.</summary>
public sealed class JourneyInstance
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public required string JourneyId { get; set; }
    public int Version { get; set; }
    public JourneyInstanceStatus Status { get; set; }
    public string? CurrentActivityId { get; set; }

    /// <summary>How many times this lead has entered this journey (1 for the first entry).</summary>
    public int Entry { get; set; } = 1;

    /// <summary>"lead/journey" while the instance is active, null after: a unique index allows one active instance.</summary>
    public string? ActiveKey { get; set; }

    /// <summary>When the cause of the current run happened; signals received since then are replayed by waits.</summary>
    public DateTimeOffset RunStartedAt { get; set; }

    /// <summary>The signal that resumed the current run, which a wait in the same run must not consume again.</summary>
    public Guid? ResumedBySignalId { get; set; }

    public const int FaultReasonLength = 1000;
    public string? FaultReason { get; set; }

    /// <summary>Journal entries written so far; numbers them in order.</summary>
    public int Steps { get; set; }

    /// <summary>Why the run ended: "end of the journey", "goal reached", "exit: stage Sql"…</summary>
    public const int EndReasonLength = 200;
    public string? EndReason { get; set; }

    /// <summary>When the journey's conversion goal was reached.</summary>
    public DateTimeOffset? ConvertedAt { get; set; }

    public bool IsActive => Status is JourneyInstanceStatus.Running or JourneyInstanceStatus.Waiting;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public static string ActiveKeyFor(Guid leadId, string journeyId) => $"{leadId:N}/{journeyId}";

    public void Complete(DateTimeOffset now, string reason)
    {
        Status = JourneyInstanceStatus.Completed;
        EndReason = Columns.Fit(reason, EndReasonLength);
        CompletedAt = now;
        ActiveKey = null;
    }

    public void Fault(DateTimeOffset now, string reason)
    {
        Status = JourneyInstanceStatus.Faulted;
        FaultReason = Columns.Fit(reason, FaultReasonLength);
        CompletedAt = now;
        ActiveKey = null;
    }
}
