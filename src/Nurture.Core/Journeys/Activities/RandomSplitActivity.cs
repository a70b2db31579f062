using System.Text.Json;
using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// A/B split by percentages. Deterministic per lead: the same lead at the same node always takes the same
/// branch, so a retried step or a re-run cannot flip it.
/// </summary>
public sealed class RandomSplitActivity : IActivity
{
    public string Type => "RandomSplit";
    public string Description => "Split leads between branches by percentage, the same way every time for a lead.";
    public IReadOnlyList<string> Outcomes { get; } = [];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
        [new("branches", "branch[]", Required: true, "[{ \"name\": \"A\", \"percent\": 50 }, { \"name\": \"B\", \"percent\": 50 }]; percentages add up to 100.")];

    public IReadOnlyList<string> OutcomesOf(ActivityNode node) => Branches(node).Select(b => b.Name).ToList();

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        var branches = Branches(node);
        if (branches.Count < 2)
            yield return new JourneyError(context.File, "give at least two branches of { name, percent }.") { ActivityId = node.Id, Property = "branches" };
        else if (branches.Sum(b => b.Percent) != 100 || branches.Any(b => b.Percent <= 0))
            yield return new JourneyError(context.File, $"percentages must be positive and add up to 100 (they add up to {branches.Sum(b => b.Percent)}).") { ActivityId = node.Id, Property = "branches" };
        foreach (var duplicate in branches.GroupBy(b => b.Name).Where(g => g.Count() > 1 || string.IsNullOrWhiteSpace(g.Key)))
            yield return new JourneyError(context.File, $"branch names must be unique and not empty ('{duplicate.Key}').") { ActivityId = node.Id, Property = "branches" };
    }

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var bucket = Bucket(context.Lead.Id, context.Journey.Id, context.Node.Id);
        var cumulative = 0;
        var branches = Branches(context.Node);
        foreach (var branch in branches)
        {
            cumulative += branch.Percent;
            if (bucket < cumulative)
                return Task.FromResult(ActivityResult.Next(branch.Name));
        }
        return Task.FromResult(ActivityResult.Next(branches[^1].Name));
    }

    /// <summary>0–99 from a stable hash of lead, journey and node, as an experiment's variants are assigned.</summary>
    public static int Bucket(Guid leadId, string journeyId, string nodeId) => Experiments.StableBucket.Of(leadId, journeyId, nodeId);

    private static IReadOnlyList<Branch> Branches(ActivityNode node)
    {
        try
        {
            return node.Get<List<Branch>>("branches") ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public sealed record Branch(string Name, int Percent);
}
