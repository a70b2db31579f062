using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Webhooks;

namespace Nurture.Core.Webhooks;

/// <summary>Queues an HMAC-signed POST about the lead; delivery is retried apart, never blocking the journey.</summary>
public sealed class WebhookActivity : IActivity
{
    public string Type => "Webhook";
    public string Description => "POST the lead as JSON to a public URL (or a host in Webhooks:AllowedHosts), signed with Webhooks:JourneySecret and retried.";
    public IReadOnlyList<string> Outcomes { get; } = [Journeys.Activities.Outcomes.Done];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
    [
        new("url", "url", Required: true, "An absolute http(s) URL."),
        new("event", "string", Required: false, "The event name in the body (default: journey.webhook)."),
    ];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        if (!Configuration.ValidatedOptionsRegistration.IsHttpUrl(node.GetString("url") ?? ""))
            yield return new JourneyError(context.File, $"'{node.GetString("url")}' is not an absolute http(s) URL.") { ActivityId = node.Id, Property = "url" };
    }

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var key = await context.IdempotencyKeyAsync(cancellationToken);
        if (!await context.Db.Webhooks.AnyAsync(w => w.IdempotencyKey == key, cancellationToken))
        {
            WebhookQueue.Enqueue(context.Db, WebhookSource.Journey, key, context.Node.GetString("url")!, context.Node.GetString("event") ?? "journey.webhook", context.Lead,
                new { journey = context.Journey.Id, version = context.Journey.Version, activity = context.Node.Id }, context.Now);
        }
        return ActivityResult.Next(Journeys.Activities.Outcomes.Done);
    }
}
