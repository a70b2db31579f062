using Nurture.Core.Signals;

namespace Nurture.Core.Website;

/// <summary>What the site's script (or its noscript pixel) reports about one page.</summary>
public sealed record PageHit
{
    public required string Site { get; init; }

    /// <summary>The id in the visitor's cookie; null from the noscript pixel or when no cookie may be set.</summary>
    public Guid? Visitor { get; init; }

    /// <summary><see cref="SignalTypes.PageView"/>, <see cref="SignalTypes.PageEngaged"/> or <see cref="SignalTypes.VideoProgress"/>.</summary>
    public required string Type { get; init; }

    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Referrer { get; init; }

    /// <summary>The page called <c>nurture('consent', true)</c> (needed when <see cref="WebsiteOptions.RequireConsent"/>).</summary>
    public bool Consent { get; init; }

    /// <summary>The identity a tracked email click carried onto the page, when there was one.</summary>
    public string? IdentityToken { get; init; }

    /// <summary>Seconds the page was visible (page_engaged).</summary>
    public int? Seconds { get; init; }

    /// <summary>25, 50, 75 or 100 (video_progress).</summary>
    public int? Percent { get; init; }

    /// <summary>The asset the page or the video presents, when the page names it.</summary>
    public string? Asset { get; init; }

    /// <summary>Fetched by the noscript image: the browser ran no JavaScript.</summary>
    public bool NoScript { get; init; }

    /// <summary>The browser sent Do Not Track or Global Privacy Control.</summary>
    public bool DoNotTrack { get; init; }

    public required HitInfo Client { get; init; }

    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        SignalTypes.PageView, SignalTypes.PageEngaged, SignalTypes.VideoProgress,
    };
}

public enum PageHitOutcome
{
    /// <summary>Kept: on the lead's timeline, or against the anonymous visitor.</summary>
    Recorded,

    /// <summary>Nothing stored: no consent yet, or Do Not Track honoured.</summary>
    NotStored,

    UnknownSite,
    Invalid,
}
