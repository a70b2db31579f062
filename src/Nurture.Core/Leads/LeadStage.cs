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
    /// <summary>A stage by name, any case; numbers are refused (an enum would take "3" as Sql).</summary>
    public static bool TryParse(string? text, out LeadStage stage)
    {
        stage = default;
        return !int.TryParse(text, out _) && Enum.TryParse(text, ignoreCase: true, out stage);
    }

    public static string NotAStage(string? text) => $"'{text}' is not a stage; one of {string.Join(", ", Enum.GetNames<LeadStage>())}.";
}
