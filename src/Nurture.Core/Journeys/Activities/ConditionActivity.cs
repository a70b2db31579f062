using System.Text.Json;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads.Conditions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>Branches on the lead: fields, score, stage and tags.</summary>
public sealed class ConditionActivity : IActivity
{
    public string Type => "Condition";
    public string Description => "Take True or False depending on the lead's fields, score, stage or tags.";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.True, Activities.Outcomes.False];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
        [new("condition", "condition", Required: true, "{ field, operator, value } or { all | any: [...] } or { not: ... }.")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) =>
        ConditionProblems(node, "condition", context);

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var condition = context.Node.Get<LeadCondition>("condition")!;
        return Task.FromResult(ActivityResult.Next(condition.Evaluate(context.Lead) ? Activities.Outcomes.True : Activities.Outcomes.False));
    }

    internal static IEnumerable<JourneyError> ConditionProblems(ActivityNode node, string property, JourneyValidationContext context)
    {
        LeadCondition? condition;
        string? shapeError = null;
        try
        {
            condition = node.Get<LeadCondition>(property);
        }
        catch (JsonException e)
        {
            condition = null;
            shapeError = e.Message;
        }
        if (condition is null)
        {
            yield return new JourneyError(context.File, shapeError ?? "a condition is required.") { ActivityId = node.Id, Property = property };
            yield break;
        }
        foreach (var problem in condition.Problems(property))
            yield return new JourneyError(context.File, problem) { ActivityId = node.Id, Property = property };
    }
}
