using Microsoft.Extensions.Options;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;

namespace Nurture.Core.Handoff;

/// <summary>
/// Decides whether a lead that meets the MQL rule is handed to sales. A lead sales rejected (Recycled)
/// comes back only after <see cref="RecycleCooldown"/> and only on engagement earned since the rejection
/// (the rejection reset engagement to zero through the ledger): a high-fit lead would otherwise meet a
/// quality rule on its profile alone and bounce straight back to the rep who just turned it down.
/// Hand-raisers skip this: they asked for sales.
/// </summary>
public sealed class LeadQualification(ScoringModelProvider models, RoutingProvider routing, IOptions<SalesOptions> options)
{
    /// <summary>The routing file's <c>recycleCooldownDays</c> when set, else <c>Sales:RecycleCooldown</c>.</summary>
    public TimeSpan RecycleCooldown =>
        routing.Current.RecycleCooldownDays is { } days ? TimeSpan.FromDays(days) : options.Value.RecycleCooldown;

    public ScoreCard ScoreCard(Lead lead, DateTimeOffset now) => Scoring.ScoreCard.Of(lead, Evaluate(lead, now));

    public MqlStatus Evaluate(Lead lead, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var model = models.Current;
        var met = model.IsMql(lead);
        var held = met ? HeldBecause(lead, model, now) : null;
        return new MqlStatus(model.MqlRule, met, met && held is null, held, model.Matrix.CellOf(lead));
    }

    private string? HeldBecause(Lead lead, ScoringModel model, DateTimeOffset now)
    {
        if (!LeadStages.Nurturing.Contains(lead.Stage))
            return $"already with sales ({lead.Stage})";
        if (lead.Stage != LeadStage.Recycled || lead.RecycledAt is not { } recycledAt)
            return null;
        var until = recycledAt + RecycleCooldown;
        if (now < until)
            return $"rejected by sales on {recycledAt:yyyy-MM-dd}; recycle cooldown until {until:yyyy-MM-dd HH:mm} UTC";
        if (model.IsMqlWithEngagement(lead, 0))
            return "since the rejection the rule is met by the profile alone; engagement earned since must meet it";
        return null;
    }
}
