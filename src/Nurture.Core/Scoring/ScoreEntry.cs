namespace Nurture.Core.Scoring;

/// <summary>One row of the score ledger: the shown score is always the sum of these rows.</summary>
public sealed class ScoreEntry
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public required string Dimension { get; set; }
    public int Delta { get; set; }
    public const int ReasonLength = 300;
    public required string Reason { get; set; }
    public required string Rule { get; set; }
    public int ModelVersion { get; set; }
    public Guid? SignalId { get; set; }
    public DateTimeOffset At { get; set; }
}
