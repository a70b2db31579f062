namespace Nurture.Core.Leads;

/// <summary>One row per stage change, backward moves included, so the funnel can be replayed.</summary>
public sealed class StageTransition
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public LeadStage? From { get; set; }
    public LeadStage To { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public required string Reason { get; set; }
}
