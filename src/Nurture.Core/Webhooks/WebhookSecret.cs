namespace Nurture.Core.Webhooks;

/// <summary>The signing secret in force, set at start from configuration or the stored, generated one.</summary>
public sealed class WebhookSecret
{
    private string? _value;

    public string Value => _value ?? throw new InvalidOperationException("No webhook secret is loaded.");

    public void Use(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (secret.Length < 32)
            throw new ArgumentException("The webhook secret must be at least 32 characters long.", nameof(secret));
        _value = secret;
    }
}
