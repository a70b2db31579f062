namespace Nurture.Core.Journeys.Activities;

/// <summary>What an activity decided: follow an outcome port, suspend on the waits it added, or end the journey.</summary>
public sealed record ActivityResult
{
    public string? Outcome { get; private init; }
    public bool Suspended { get; private init; }

    public static ActivityResult Next(string outcome) => new() { Outcome = outcome };
    public static ActivityResult Suspend() => new() { Suspended = true };
    public static ActivityResult End() => new();
}
