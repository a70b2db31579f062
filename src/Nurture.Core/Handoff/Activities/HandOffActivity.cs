using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Handoff.Activities;

/// <summary>Hands the lead to sales now, whatever its score (a hand-raiser journey, for instance).</summary>
public sealed class HandOffActivity(HandoffService handoff) : IActivity
{
    public string Type => "HandOff";
    public string Description => "Make the lead an MQL and notify the sales rep now.";
    public IReadOnlyList<string> Outcomes { get; } = [Journeys.Activities.Outcomes.Done];
    public IReadOnlyList<ActivityProperty> Properties { get; } = [new("reason", "string", Required: false, "Shown to the rep.")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) => [];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var reason = context.Node.GetString("reason") ?? $"handed off by journey '{context.Journey.Definition.Name}'";
        await handoff.HandOffAsync(context.Work, $"journey:{context.Journey.Id}", reason, cancellationToken);
        return ActivityResult.Next(Journeys.Activities.Outcomes.Done);
    }
}
