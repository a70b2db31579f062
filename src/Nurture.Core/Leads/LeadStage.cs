using Nurture.Core.Configuration;

namespace Nurture.Core.Leads;

/// <summary>Lifecycle stages, in funnel order; Recycled, Disqualified and Lost are detours.</summary>
public enum LeadStage
{
    Subscriber,
    Lead,
    Mql,
    Sal,
    Sql,
    Opportunity,
    Customer,
    Recycled,
    Disqualified,
    Lost,
}

public static class LeadStages
{
    /// <summary>Stages where marketing nurtures the lead; from any other, sales has it.</summary>
    public static readonly IReadOnlyList<LeadStage> Nurturing = [LeadStage.Subscriber, LeadStage.Lead, LeadStage.Recycled];

    /// <summary>Subscriber → Lead → MQL → SAL → SQL → Opportunity → Customer: the way to customer; detours are off it.</summary>
    public static readonly LeadStage[] Path =
        [LeadStage.Subscriber, LeadStage.Lead, LeadStage.Mql, LeadStage.Sal, LeadStage.Sql, LeadStage.Opportunity, LeadStage.Customer];

    /// <summary>A stage by name, any case; numbers are refused (an enum would take "3" as Sql).</summary>
    public static bool TryParse(string? text, out LeadStage stage) => EnumNames.TryParse(text, out stage);

    public static string NotAStage(string? text) => EnumNames.NotOne<LeadStage>(text, "stage");
}
