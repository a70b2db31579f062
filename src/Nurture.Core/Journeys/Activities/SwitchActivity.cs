using System.Text.Json;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads.Conditions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>The first case whose condition holds names the port; none holds → Default.</summary>
public sealed class SwitchActivity : IActivity
{
    public string Type => "Switch";
    public string Description => "Take the port of the first case whose condition holds, or Default.";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Default];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
        [new("cases", "case[]", Required: true, "[{ \"name\": \"emea\", \"condition\": { … } }, …]; each name becomes a port.")];

    public IReadOnlyList<string> OutcomesOf(ActivityNode node) =>
        [.. Cases(node).Select(c => c.Name), Activities.Outcomes.Default];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        var cases = Cases(node);
        if (cases.Count == 0)
            yield return new JourneyError(context.File, "give at least one case, each { \"name\": …, \"condition\": { … } }.") { ActivityId = node.Id, Property = "cases" };
        for (var i = 0; i < cases.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(cases[i].Name) || cases[i].Name == Activities.Outcomes.Default)
                yield return new JourneyError(context.File, "each case needs a name other than 'Default'.") { ActivityId = node.Id, Property = $"cases[{i}].name" };
            if (cases[i].Condition is null)
                yield return new JourneyError(context.File, "each case needs a condition.") { ActivityId = node.Id, Property = $"cases[{i}].condition" };
            else
            {
                foreach (var problem in cases[i].Condition!.Problems($"cases[{i}].condition"))
                    yield return new JourneyError(context.File, problem) { ActivityId = node.Id, Property = $"cases[{i}].condition" };
            }
        }
        foreach (var duplicate in cases.GroupBy(c => c.Name).Where(g => g.Count() > 1))
            yield return new JourneyError(context.File, $"case name '{duplicate.Key}' is used twice.") { ActivityId = node.Id, Property = "cases" };
    }

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var match = Cases(context.Node).FirstOrDefault(c => c.Condition!.Evaluate(context.Lead));
        return Task.FromResult(ActivityResult.Next(match?.Name ?? Activities.Outcomes.Default));
    }

    private static IReadOnlyList<SwitchCase> Cases(ActivityNode node)
    {
        try
        {
            return node.Get<List<SwitchCase>>("cases") ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public sealed record SwitchCase(string Name, LeadCondition? Condition);
}
