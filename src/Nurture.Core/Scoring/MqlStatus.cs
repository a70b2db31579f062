using Nurture.Core.Leads;

namespace Nurture.Core.Scoring;

/// <summary>
/// The MQL rule in force, whether the lead meets it, whether it goes to sales now and, when it meets the
/// rule but does not go, why; and the lead's fit × engagement cell. The same answer everywhere: the API,
/// the lead page, the handoff email.
/// </summary>
public sealed record MqlStatus(string Rule, bool Met, bool HandOff, string? HeldBecause, string Cell);

/// <summary>A lead's scores as every view shows them: the four numbers and where they leave the lead.</summary>
public sealed record ScoreCard(int Quality, int Fit, int Reliability, int Engagement, MqlStatus Mql)
{
    public static ScoreCard Of(Lead lead, MqlStatus mql)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new(lead.QualityScore, lead.FitScore, lead.ReliabilityScore, lead.EngagementScore, mql);
    }
}
