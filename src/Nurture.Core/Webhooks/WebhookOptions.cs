namespace Nurture.Core.Webhooks;

public sealed class WebhookOptions : Configuration.ISelfValidatingOptions
{
    public const string Section = "Webhooks";

    /// <summary>HMAC-SHA256 key of the X-Nurture-Signature header on CRM handoffs; generated and stored when absent.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// The key that signs journeys' Webhook steps: a key of its own, so that a journey a marketer publishes cannot
    /// send the CRM a validly signed <c>lead.handoff</c>. Generated and stored when absent.
    /// </summary>
    public string? JourneySecret { get; set; }

    /// <summary>
    /// Hosts a webhook may reach even when they resolve inside the network ("hooks.internal", "*.corp.example").
    /// Others must resolve to public addresses; the CRM's host is always allowed.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>The host of Sales:CrmWebhookUrl, trusted like <see cref="AllowedHosts"/>: the operator chose it (set at start-up, not bound).</summary>
    public string? CrmHost { get; internal set; }

    public int MaxAttempts { get; set; } = 10;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Problems()
    {
        if (Secret is { Length: > 0 and < 32 })
            yield return $"Webhooks:Secret must be at least 32 characters (got {Secret.Length}).";
        if (JourneySecret is { Length: > 0 and < 32 })
            yield return $"Webhooks:JourneySecret must be at least 32 characters (got {JourneySecret.Length}).";
        if (Secret is { Length: > 0 } && Secret == JourneySecret)
            yield return "Webhooks:JourneySecret must differ from Webhooks:Secret: journeys must not be able to sign as the CRM handoff.";
        foreach (var host in AllowedHosts.Where(h => Uri.CheckHostName(h.StartsWith("*.", StringComparison.Ordinal) ? h[2..] : h) == UriHostNameType.Unknown))
            yield return $"Webhooks:AllowedHosts has '{host}', which is not a host name or address (no scheme, port or path).";
        if (MaxAttempts < 1)
            yield return $"Webhooks:MaxAttempts must be 1 or more (got {MaxAttempts}).";
        if (Timeout <= TimeSpan.Zero)
            yield return $"Webhooks:Timeout must be positive (got '{Timeout}').";
    }
}
