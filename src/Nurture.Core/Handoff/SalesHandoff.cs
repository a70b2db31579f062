namespace Nurture.Core.Handoff;

public enum HandoffStatus
{
    Assigned,
    Accepted,
    Rejected,
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
}
