using Microsoft.Extensions.Options;
using Nurture.Core.Data;

namespace Nurture.Core.Webhooks;

/// <summary>
/// The signing secrets in force, one per source: Webhooks:Secret (CRM handoffs) and Webhooks:JourneySecret
/// (journeys' Webhook steps), else the ones generated at first use and stored.
/// </summary>
public sealed class WebhookSecret(IOptions<WebhookOptions> options, StoredSecrets secrets)
{
    /// <summary>Where the generated secrets are kept when they are not configured.</summary>
    public const string Setting = "webhooks.secret";
    public const string JourneySetting = "webhooks.journey-secret";

    public string Crm => secrets.Get(Setting, options.Value.Secret);
    public string Journey => secrets.Get(JourneySetting, options.Value.JourneySecret);

    public string For(WebhookSource source) => source == WebhookSource.Journey ? Journey : Crm;
}
