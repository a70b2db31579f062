using Microsoft.Extensions.Options;
using Nurture.Core.Data;

namespace Nurture.Core.Webhooks;

/// <summary>The signing secret in force: Webhooks:Secret, else the one generated at first use and stored.</summary>
public sealed class WebhookSecret(IOptions<WebhookOptions> options, StoredSecrets secrets)
{
    /// <summary>Where the generated secret is kept when Webhooks:Secret is not set.</summary>
    public const string Setting = "webhooks.secret";

    public string Value => secrets.Get(Setting, options.Value.Secret);
}
