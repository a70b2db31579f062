namespace Nurture.Core.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>HMAC-SHA256 key of the X-Nurture-Signature header; generated and stored when absent.</summary>
    public string? Secret { get; set; }

    public int MaxAttempts { get; set; } = 10;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
