using Nurture.Core.Signals;
using Nurture.Core.Tracking;

namespace Nurture.Core.Website;

/// <summary>
/// Labels the site's hits like email hits: known bots and scripts by their agent, and whatever fetched the
/// noscript image (no JavaScript ran) as machines, so that crawlers never score.
/// </summary>
public static class SiteHitClassifier
{
    private static readonly string[] MoreBots = ["lighthouse", "slurp", "facebookexternalhit", "preview", "curl", "wget", "headless"];

    public static (SignalLabel Label, string Reason) Classify(string? userAgent, bool noScript)
    {
        var agent = userAgent?.Trim() ?? "";
        if (agent.Length == 0)
            return (SignalLabel.Scanner, "no user agent");
        if ((HitClassifier.KnownScanner(agent) ?? MoreBots.FirstOrDefault(b => agent.Contains(b, StringComparison.OrdinalIgnoreCase))) is { } bot)
            return (SignalLabel.Scanner, $"known bot user agent ({bot})");
        if (noScript)
            return (SignalLabel.Scanner, "no JavaScript (the noscript image)");
        return (SignalLabel.Human, "browser that ran the site's script");
    }
}
