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
