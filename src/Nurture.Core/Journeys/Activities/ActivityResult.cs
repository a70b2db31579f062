namespace Nurture.Core.Journeys.Activities;

/// <summary>What an activity decided: follow an outcome port, suspend on the waits it added, or end the journey.</summary>
public sealed record ActivityResult
{
    public string? Outcome { get; private init; }
    public bool Suspended { get; private init; }

    /// <summary>What the journal keeps beside the outcome: which variant of an email the lead got.</summary>
    public string? Note { get; private init; }

    public static ActivityResult Next(string outcome, string? note = null) => new() { Outcome = outcome, Note = note };
    public static ActivityResult Suspend() => new() { Suspended = true };
    public static ActivityResult End() => new();
}
