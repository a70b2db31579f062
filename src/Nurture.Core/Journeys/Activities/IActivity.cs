using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// One step type of a journey: a small class that declares its properties and outcome ports, checks a
/// node's properties, and executes by delegating real work to services.
/// </summary>
public interface IActivity
{
    string Type { get; }
    string Description { get; }
    IReadOnlyList<string> Outcomes { get; }
    IReadOnlyList<ActivityProperty> Properties { get; }

    /// <summary>The ports of one node: the same as <see cref="Outcomes"/> unless they depend on its properties (Switch, RandomSplit).</summary>
    IReadOnlyList<string> OutcomesOf(ActivityNode node) => Outcomes;

    /// <summary>True when the activity can suspend the lead; a loop must pass through one.</summary>
    bool Waits => false;

    IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context);

    Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}

public sealed record ActivityProperty(string Name, string Kind, bool Required, string Description);

public static class Outcomes
{
    public const string Done = "Done";
    public const string Received = "Received";
    public const string Timeout = "Timeout";
    public const string True = "True";
    public const string False = "False";
    public const string Default = "Default";
}
