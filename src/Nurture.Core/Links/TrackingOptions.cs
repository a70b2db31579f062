namespace Nurture.Core.Links;

public sealed class TrackingOptions : Configuration.ISelfValidatingOptions
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

    /// <summary>An identical hit (same link, IP and user agent) within this is counted on the first one's signal, not recorded again; 0 records every hit.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A rep's accept and reject links: a handoff still open after this has gone up the SLA ladder long since.</summary>
    public TimeSpan HandoffLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Unsubscribe links must keep working long after the email was sent.</summary>
    public TimeSpan UnsubscribeLifetime { get; set; } = TimeSpan.FromDays(3650);

    /// <summary>
    /// Answer a tracking hit only once its row is committed. Off by default: a hit is answered as soon as it
    /// is handed to the group commit, and a crash (kill -9) loses what one commit interval gathered; on, none
    /// is lost, and each hit waits for its commit (see docs/benchmarks.md for the cost).
    /// </summary>
    public bool AnswerAfterCommit { get; set; }

    public IEnumerable<string> Problems()
    {
        if (PublicBaseUrl is { Length: > 0 } url && !Configuration.ValidatedOptionsRegistration.IsHttpUrl(url))
            yield return $"Tracking:PublicBaseUrl must be an absolute http(s) address such as 'https://go.acme.example' (got '{url}').";
        if (SigningKey is { Length: > 0 and < 32 })
            yield return $"Tracking:SigningKey must be at least 32 characters (got {SigningKey.Length}).";
        if (ScannerWindow < TimeSpan.Zero || BurstWindow <= TimeSpan.Zero)
            yield return $"Tracking:ScannerWindow must be 0 or more and Tracking:BurstWindow positive (got '{ScannerWindow}', '{BurstWindow}').";
        if (RepeatWindow < TimeSpan.Zero)
            yield return $"Tracking:RepeatWindow must be 0 or more (got '{RepeatWindow}').";
        if (BurstIps < 2)
            yield return $"Tracking:BurstIps must be 2 or more (got {BurstIps}).";
        if (LinkLifetime <= TimeSpan.Zero || UnsubscribeLifetime <= TimeSpan.Zero || HandoffLinkLifetime <= TimeSpan.Zero)
            yield return $"Tracking:LinkLifetime, Tracking:UnsubscribeLifetime and Tracking:HandoffLinkLifetime must be positive (got '{LinkLifetime}', '{UnsubscribeLifetime}', '{HandoffLinkLifetime}').";
    }
}
