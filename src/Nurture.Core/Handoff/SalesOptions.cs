namespace Nurture.Core.Handoff;

public sealed class SalesOptions
{
    public const string Section = "Sales";

    /// <summary>The rep who receives handoffs until routing rules say otherwise.</summary>
    public string DefaultRepEmail { get; set; } = "sales@nurture.localhost";

    /// <summary>The template of the rep's notification, in templates/.</summary>
    public string HandoffTemplate { get; set; } = "handoff";
}
