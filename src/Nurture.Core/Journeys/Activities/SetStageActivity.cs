using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;

namespace Nurture.Core.Journeys.Activities;

/// <summary>Moves the lead to a lifecycle stage; the transition is recorded with the journey as its author.</summary>
public sealed class SetStageActivity : IActivity
{
    public string Type => "SetStage";
    public string Description => "Move the lead to a lifecycle stage (recorded, backward moves allowed).";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
        [new("stage", "stage", Required: true, $"One of {string.Join(", ", Enum.GetNames<LeadStage>())}.")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        if (!LeadStages.TryParse(node.GetString("stage"), out _))
            yield return new JourneyError(context.File, LeadStages.NotAStage(node.GetString("stage"))) { ActivityId = node.Id, Property = "stage" };
    }

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (!LeadStages.TryParse(context.Node.GetString("stage"), out var stage))
            throw new InvalidOperationException(LeadStages.NotAStage(context.Node.GetString("stage"))); // validation refuses it before publishing
        context.Work.MoveTo(stage, $"journey:{context.Journey.Id}", $"step '{context.Node.Id}'", context.Now);
        return Task.FromResult(ActivityResult.Next(Activities.Outcomes.Done));
    }
}
