using Nurture.Core.Leads;

namespace Nurture.Core.Journeys.Definitions;

public enum Reentry
{
    /// <summary>A lead enters the journey once in its life.</summary>
    Never,

    /// <summary>A lead may enter again once its previous run has ended.</summary>
    AfterExit,

    /// <summary>Every trigger starts a new run, even while another is active.</summary>
    Always,
}

public sealed record JourneySettings
{
    public Reentry Reentry { get; init; } = Reentry.Never;

    /// <summary>Leads leave the journey at once when one of these happens.</summary>
    public ExitCriteria? Exit { get; init; }

    /// <summary>The conversion this journey works towards; reaching it is recorded and ends the run.</summary>
    public LeadCriterion? Goal { get; init; }

    /// <summary>Higher first when several journeys start on one event (and, later, for the email cap).</summary>
    public int Priority { get; init; }
}

public sealed record ExitCriteria
{
    public IReadOnlyList<LeadStage> Stages { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>A lead event that counts: reaching a stage, a signal (with filters), or a tag.</summary>
public sealed record LeadCriterion
{
    public LeadStage? Stage { get; init; }
    public string? SignalType { get; init; }
    public Dictionary<string, string>? Filters { get; init; }
    public string? Tag { get; init; }
}
