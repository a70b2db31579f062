namespace Nurture.Core.Tracking;

public sealed class TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>Base of every tracking and unsubscribe URL; defaults to the server's first listening address.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>HMAC key for tokens (at least 32 characters); generated and stored in the database when absent.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Clicks and downloads faster than this after delivery are link scanners, not people.</summary>
    public TimeSpan ScannerWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>This many distinct IPs hitting one email within <see cref="BurstWindow"/> is a scanner farm, not a person.</summary>
    public int BurstIps { get; set; } = 3;

    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Unsubscribe links must keep working long after the email was sent.</summary>
    public TimeSpan UnsubscribeLifetime { get; set; } = TimeSpan.FromDays(3650);
}
