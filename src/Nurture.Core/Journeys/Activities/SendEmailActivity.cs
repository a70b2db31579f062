using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>Queues a templated marketing email in the outbox, in the same transaction as the journey step.</summary>
public sealed class SendEmailActivity(MarketingEmailQueue emails) : IActivity
{
    public string Type => "SendEmail";
    public string Description => "Send a templated marketing email to the lead.";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
        [new("template", "template", Required: true, "Name of a template in templates/ (without extension).")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) => ValidateTemplate(node, context);

    /// <summary>The node's <c>template</c>: given, and loaded.</summary>
    public static IEnumerable<JourneyError> ValidateTemplate(ActivityNode node, JourneyValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        var template = node.GetString("template");
        if (string.IsNullOrWhiteSpace(template))
            yield return new JourneyError(context.File, "a template is required.") { ActivityId = node.Id, Property = "template" };
        else if (!context.TemplateExists(template))
            yield return new JourneyError(context.File, $"template '{template}' does not exist or failed to load.") { ActivityId = node.Id, Property = "template" };
    }

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        // An unsubscribed or bounced lead is skipped, not stalled: the journey goes on without the email.
        if (context.Lead.CanReceiveMarketing)
            await emails.EnqueueAsync(context, context.Node.GetString("template")!, cancellationToken);
        return ActivityResult.Next(Activities.Outcomes.Done);
    }
}
