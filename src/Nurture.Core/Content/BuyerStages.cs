using Nurture.Core.Leads;

namespace Nurture.Core.Content;

/// <summary>
/// Where a lead stands in the buyer's journey, read from its lifecycle stage and engagement: a lead handed to
/// sales is deciding, a nurtured lead past a share of the MQL threshold is considering, any other is becoming
/// aware. One rule for the recommender and the content report, so the two speak of the same stages.
/// </summary>
public static class BuyerStages
{
    /// <summary>The share of the MQL threshold from which a nurtured lead counts as considering.</summary>
    public const double ConsiderationShare = 0.5;

    public static BuyerStage Of(LeadStage stage, int engagement, int mqlThreshold) => stage switch
    {
        LeadStage.Mql or LeadStage.Sal or LeadStage.Sql or LeadStage.Opportunity or LeadStage.Customer => BuyerStage.Decision,
        _ when mqlThreshold > 0 && engagement >= mqlThreshold * ConsiderationShare => BuyerStage.Consideration,
        _ => BuyerStage.Awareness,
    };

    public static string Name(BuyerStage stage) => stage switch
    {
        BuyerStage.Awareness => "awareness",
        BuyerStage.Consideration => "consideration",
        _ => "decision",
    };
}
