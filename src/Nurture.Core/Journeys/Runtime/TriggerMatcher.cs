using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Signals;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>Which lead events start a journey, reach its goal or make leads exit it.</summary>
public static class TriggerMatcher
{
    public static bool Matches(JourneyTrigger trigger, LeadEvent leadEvent) => (trigger.Type, leadEvent.Kind) switch
    {
        (JourneyTriggerTypes.LeadCreated, LeadEventKind.Created) => true,
        (JourneyTriggerTypes.FormSubmitted, LeadEventKind.SignalReceived) =>
            leadEvent.Signal!.Type == SignalTypes.Form
            && (trigger.Form is null || SignalFilters.Matches(leadEvent.Signal.PropertiesJson, new Dictionary<string, string> { ["form"] = trigger.Form })),
        (JourneyTriggerTypes.SignalReceived, LeadEventKind.SignalReceived) =>
            SignalFilters.Matches(leadEvent.Signal!, trigger.SignalType, trigger.Filters),
        (JourneyTriggerTypes.ScoreCrossed, LeadEventKind.ScoreChanged) =>
            trigger.Value is { } value && leadEvent is { ScoresBefore: { } before, ScoresAfter: { } after }
            && before.Get(trigger.ScoreName) < value && after.Get(trigger.ScoreName) >= value,
        (JourneyTriggerTypes.StageChanged, LeadEventKind.StageChanged) => trigger.Stage is null || trigger.Stage == leadEvent.ToStage,
        (JourneyTriggerTypes.TagAdded, LeadEventKind.TagAdded) =>
            trigger.Tag is null || string.Equals(trigger.Tag, leadEvent.Tag, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static bool Reaches(LeadCriterion criterion, LeadEvent leadEvent) => leadEvent.Kind switch
    {
        LeadEventKind.StageChanged => criterion.Stage is { } stage && leadEvent.ToStage == stage,
        LeadEventKind.SignalReceived => criterion.SignalType is { } type && SignalFilters.Matches(leadEvent.Signal!, type, criterion.Filters),
        LeadEventKind.TagAdded => criterion.Tag is { } tag && string.Equals(tag, leadEvent.Tag, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static string? ExitReason(ExitCriteria? exit, LeadEvent leadEvent) => leadEvent switch
    {
        { Kind: LeadEventKind.StageChanged, ToStage: { } stage } when exit?.Stages.Contains(stage) == true => $"exit: stage {stage}",
        { Kind: LeadEventKind.TagAdded, Tag: { } tag } when exit?.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase) == true => $"exit: tag {tag}",
        _ => null,
    };
}
