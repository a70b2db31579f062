namespace Nurture.Core.Handoff;

public sealed class SalesOptions
{
    public const string Section = "Sales";

    /// <summary>The rep who receives handoffs until routing rules say otherwise.</summary>
    public string DefaultRepEmail { get; set; } = "sales@nurture.localhost";

    /// <summary>The template of the rep's notification, in templates/.</summary>
    public string HandoffTemplate { get; set; } = "handoff";

    /// <summary>Reminder (the SLA passed) and escalation (to the manager) notifications, in templates/.</summary>
    public string ReminderTemplate { get; set; } = "handoff-reminder";
    public string EscalationTemplate { get; set; } = "handoff-escalation";

    /// <summary>The routing file; <c>workflows/routing.json</c> when not set.</summary>
    public string? RoutingFile { get; set; }

    /// <summary>
    /// After a rep rejects a lead, how long before scoring may hand it to sales again (a hand-raiser goes at
    /// once); the routing file's <c>recycleCooldownDays</c> overrides it.
    /// </summary>
    public TimeSpan RecycleCooldown { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where each handoff is POSTed as a signed webhook (a CRM); none when empty.</summary>
    public string? CrmWebhookUrl { get; set; }
}
