using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>Records the journey's conversion for this lead and ends its run.</summary>
public sealed class GoalActivity : IActivity
{
    public string Type => "Goal";
    public string Description => "Record the conversion and end the journey for this lead.";
    public IReadOnlyList<string> Outcomes { get; } = [];
    public IReadOnlyList<ActivityProperty> Properties { get; } = [];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) => [];

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.Instance.ConvertedAt = context.Now;
        context.Instance.Complete(context.Now, "goal reached");
        return Task.FromResult(ActivityResult.End());
    }
}
