using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>Waits for a duration as a durable timer row: months-long delays cost one row, not one timer.</summary>
public sealed class DelayActivity : IActivity
{
    public string Type => "Delay";
    public string Description => "Wait for a duration (ISO 8601, e.g. P3D) before going on.";
    public bool Waits => true;
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
        [new("duration", "duration", Required: true, "How long to wait, ISO 8601 (PT15M, P3D, P12M).")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        var text = node.GetString("duration");
        if (!Durations.TryParse(text, out _))
            yield return new JourneyError(context.File, $"'{text}' is not a positive ISO 8601 duration such as P3D.") { ActivityId = node.Id, Property = "duration" };
    }

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        Durations.TryParse(context.Node.GetString("duration"), out var duration);
        context.AddTimerWait(context.Now + duration, Activities.Outcomes.Done);
        return Task.FromResult(ActivityResult.Suspend());
    }
}
