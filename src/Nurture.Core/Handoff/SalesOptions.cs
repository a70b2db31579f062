namespace Nurture.Core.Handoff;

public sealed class SalesOptions : Configuration.ISelfValidatingOptions
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

    public IEnumerable<string> Problems()
    {
        if (DefaultRepEmail is not { } rep || !Leads.EmailAddresses.IsPlainAddress(rep))
            yield return "Sales:DefaultRepEmail must be an address such as 'sales@acme.example'.";
        if (RecycleCooldown < TimeSpan.Zero)
            yield return $"Sales:RecycleCooldown must be 0 or more (got '{RecycleCooldown}').";
        if (CrmWebhookUrl is { Length: > 0 } url && !Configuration.ValidatedOptionsRegistration.IsHttpUrl(url))
            yield return $"Sales:CrmWebhookUrl must be an absolute http(s) address (got '{url}').";
        foreach (var (key, template) in new[] { ("HandoffTemplate", HandoffTemplate), ("ReminderTemplate", ReminderTemplate), ("EscalationTemplate", EscalationTemplate) })
        {
            if (string.IsNullOrWhiteSpace(template))
                yield return $"Sales:{key} must name a template in templates/ (got an empty value).";
        }
    }
}
