using System.Text.RegularExpressions;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Activities;

/// <summary>Adds a tag to the lead (raising TagAdded when it is new).</summary>
public sealed class AddTagActivity : IActivity
{
    public string Type => "AddTag";
    public string Description => "Add a tag to the lead.";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done];
    public IReadOnlyList<ActivityProperty> Properties { get; } = [new("tag", "string", Required: true, "Lower-case letters, digits, '-', '_' or '.'.")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) => TagRules.Validate(node, context);

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var tag = context.Node.GetString("tag")!;
        if (!context.Lead.Tags.Contains(tag))
        {
            context.Lead.Tags = [.. context.Lead.Tags, tag];
            context.Work.Raise(LeadEvent.TagAdded(tag));
        }
        return Task.FromResult(ActivityResult.Next(Activities.Outcomes.Done));
    }
}

public sealed class RemoveTagActivity : IActivity
{
    public string Type => "RemoveTag";
    public string Description => "Remove a tag from the lead.";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done];
    public IReadOnlyList<ActivityProperty> Properties { get; } = [new("tag", "string", Required: true, "The tag to remove.")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) => TagRules.Validate(node, context);

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var tag = context.Node.GetString("tag")!;
        context.Lead.Tags = context.Lead.Tags.Where(t => t != tag).ToList();
        return Task.FromResult(ActivityResult.Next(Activities.Outcomes.Done));
    }
}

internal static partial class TagRules
{
    public static IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        if (!IsValid(node.GetString("tag")))
            yield return new JourneyError(context.File, $"'{node.GetString("tag")}' is not a valid tag (lower-case letters, digits, '-', '_', '.', at most 50).") { ActivityId = node.Id, Property = "tag" };
    }

    public static bool IsValid(string? tag) => tag is not null && Pattern().IsMatch(tag);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,49}$")]
    private static partial Regex Pattern();
}
