using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;

namespace Nurture.Core.Handoff.Activities;

/// <summary>Adds or removes engagement points through a ledger row, never a silent overwrite.</summary>
public sealed class AdjustScoreActivity(ScoringService scoring, Handoff.HandoffService handoff) : IActivity
{
    public string Type => "AdjustScore";
    public string Description => "Add (or, negative, remove) engagement points, with a reason in the ledger.";
    public IReadOnlyList<string> Outcomes { get; } = [Journeys.Activities.Outcomes.Done];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
    [
        new("points", "integer", Required: true, "Points to add; negative to remove."),
        new("reason", "string", Required: false, "Shown in the score explanation."),
    ];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        if (node.GetInt("points") is not { } points || points == 0 || Math.Abs(points) > 1000)
            yield return new JourneyError(context.File, "points must be a non-zero whole number between -1000 and 1000.") { ActivityId = node.Id, Property = "points" };
    }

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var points = context.Node.GetInt("points")!.Value;
        var lead = context.Lead;
        var before = LeadScores.Of(lead);
        scoring.AdjustEngagement(context.Db, lead, points, context.Node.GetString("reason") ?? $"journey '{context.Journey.Definition.Name}'",
            $"journey:{context.Journey.Id}/{context.Node.Id}", context.Now);
        context.Work.RaiseIfScoresChanged(before);
        // Points from a journey qualify a lead as points from a signal do: same rule, same handoff.
        if (points > 0)
            await handoff.HandOffIfQualifiedAsync(context.Work, $"journey '{context.Journey.Definition.Name}' added {points} points", cancellationToken);
        return ActivityResult.Next(Journeys.Activities.Outcomes.Done);
    }
}
