using Nurture.Core.Leads;
using Nurture.Core.Signals;

namespace Nurture.Core.Work;

public enum LeadEventKind
{
    Created,
    SignalReceived,
    ScoreChanged,
    StageChanged,
    TagAdded,
}

/// <summary>Something that happened to a lead in this unit of work; triggers, exits and goals react to it.</summary>
public sealed record LeadEvent(LeadEventKind Kind)
{
    public Signal? Signal { get; init; }
    public LeadScores? ScoresBefore { get; init; }
    public LeadScores? ScoresAfter { get; init; }
    public LeadStage? FromStage { get; init; }
    public LeadStage? ToStage { get; init; }
    public string? Tag { get; init; }

    public static LeadEvent Created() => new(LeadEventKind.Created);
    public static LeadEvent Received(Signal signal) => new(LeadEventKind.SignalReceived) { Signal = signal };
    public static LeadEvent ScoreChanged(LeadScores before, LeadScores after) => new(LeadEventKind.ScoreChanged) { ScoresBefore = before, ScoresAfter = after };
    public static LeadEvent StageChanged(LeadStage? from, LeadStage to) => new(LeadEventKind.StageChanged) { FromStage = from, ToStage = to };
    public static LeadEvent TagAdded(string tag) => new(LeadEventKind.TagAdded) { Tag = tag };
}
