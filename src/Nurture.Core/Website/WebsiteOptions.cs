namespace Nurture.Core.Website;

/// <summary>The company's sites that may send page views and embed forms, and how visitors are treated.</summary>
public sealed class WebsiteOptions : Configuration.ISelfValidatingOptions
{
    public const string Section = "Website";

    public List<WebsiteSite> Sites { get; set; } = [];

    /// <summary>Store nothing and set no cookie until the page calls <c>nurture('consent', true)</c>.</summary>
    public bool RequireConsent { get; set; }

    /// <summary>Store nothing for browsers that send Do Not Track or Global Privacy Control.</summary>
    public bool HonourDoNotTrack { get; set; }

    /// <summary>How long the visitor cookie lives on the site (13 months, the usual limit for audience measurement).</summary>
    public int VisitorCookieDays { get; set; } = 395;

    /// <summary>How long the identity a tracked click carries onto the site may be used (once).</summary>
    public TimeSpan IdentityLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Page views per client IP per minute; more are refused (429).</summary>
    public int HitsPerMinute { get; set; } = 120;

    /// <summary>How long a form may stay open before its start token expires (the visitor is then asked to submit again).</summary>
    public TimeSpan FormTokenLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Form submissions per client IP per minute; more are treated as a bot's (answered as accepted, kept as machine hits).</summary>
    public int FormSubmissionsPerMinute { get; set; } = 10;

    /// <summary>Anonymous visits no visitor was ever tied to are dropped after this.</summary>
    public TimeSpan AnonymousRetention { get; set; } = TimeSpan.FromDays(90);

    public WebsiteSite? Find(string? key) => key is null ? null : Sites.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));

    /// <summary>True when a page of <paramref name="origin"/> (scheme://host[:port]) belongs to one of the sites.</summary>
    public bool IsSiteOrigin(string? origin) => origin is not null && Sites.Any(s => s.Allows(origin));

    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Sites.Count; i++)
        {
            var site = Sites[i];
            if (string.IsNullOrWhiteSpace(site.Key) || site.Key.Length > WebsiteSite.KeyLength)
                yield return $"Website:Sites:{i}:Key is required, at most {WebsiteSite.KeyLength} characters (got '{site.Key}').";
            if (site.Origins.Count == 0)
                yield return $"Website:Sites:{i}:Origins must list the site's origins, such as 'https://www.acme.example'.";
            foreach (var origin in site.Origins.Where(o => WebsiteSite.Normalize(o) is null))
                yield return $"Website:Sites:{i}:Origins: '{origin}' is not an origin (scheme://host[:port], no path).";
        }
        if (Sites.GroupBy(s => s.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            yield return $"Website:Sites: the key '{twice.Key}' is used by {twice.Count()} sites.";
        if (VisitorCookieDays is < 1 or > 800)
            yield return $"Website:VisitorCookieDays must be between 1 and 800 (got {VisitorCookieDays}).";
        if (IdentityLinkLifetime <= TimeSpan.Zero || AnonymousRetention <= TimeSpan.Zero)
            yield return $"Website:IdentityLinkLifetime and Website:AnonymousRetention must be positive (got '{IdentityLinkLifetime}', '{AnonymousRetention}').";
        if (HitsPerMinute < 1 || FormSubmissionsPerMinute < 1)
            yield return $"Website:HitsPerMinute and Website:FormSubmissionsPerMinute must be 1 or more (got {HitsPerMinute}, {FormSubmissionsPerMinute}).";
        if (FormTokenLifetime <= TimeSpan.Zero)
            yield return $"Website:FormTokenLifetime must be positive (got '{FormTokenLifetime}').";
    }
}

public sealed class WebsiteSite
{
    public const int KeyLength = 64;

    /// <summary>The public key the page's snippet names (not a secret: it says which site, and so which origins).</summary>
    public string Key { get; set; } = "";

    public string? Name { get; set; }

    public List<string> Origins { get; set; } = [];

    /// <summary>The origins normalized, once: every click to a site and every hit asks.</summary>
    public IReadOnlySet<string> NormalizedOrigins =>
        _normalized ??= Origins.Select(Normalize).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

    private HashSet<string>? _normalized;

    public bool Allows(string origin) => Normalize(origin) is { } wanted && NormalizedOrigins.Contains(wanted);

    /// <summary>scheme://host[:port] in lower case, or null when the text is no origin.</summary>
    public static string? Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
