namespace Nurture.Core.Webhooks;

public sealed class WebhookOptions : Configuration.ISelfValidatingOptions
{
    public const string Section = "Webhooks";

    /// <summary>HMAC-SHA256 key of the X-Nurture-Signature header; generated and stored when absent.</summary>
    public string? Secret { get; set; }

    public int MaxAttempts { get; set; } = 10;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Problems()
    {
        if (Secret is { Length: > 0 and < 32 })
            yield return $"Webhooks:Secret must be at least 32 characters (got {Secret.Length}).";
        if (MaxAttempts < 1)
            yield return $"Webhooks:MaxAttempts must be 1 or more (got {MaxAttempts}).";
        if (Timeout <= TimeSpan.Zero)
            yield return $"Webhooks:Timeout must be positive (got '{Timeout}').";
    }
}
