using Nurture.Core.Data;

namespace Nurture.Core.Website;

/// <summary>
/// A site hit's properties as its signal keeps them: the page (its URL, path and title), where the visitor
/// came from (referrer, the UTM parameters of the URL), and what it reported (seconds, video percent, asset).
/// Each part is cut to fit, so the whole stays well within a signal's properties.
/// </summary>
public static class PageProperties
{
    private static readonly string[] Utm = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

    public static Dictionary<string, object> Of(PageHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var properties = new Dictionary<string, object> { ["site"] = hit.Site };
        if (hit.Url is { Length: > 0 } url)
        {
            properties["url"] = Columns.Fit(url, 1000);
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                properties["path"] = Columns.Fit(uri.AbsolutePath, 500);
                foreach (var (name, value) in QueryOf(uri).Where(p => Utm.Contains(p.Name)))
                    properties[name] = Columns.Fit(value, 200);
            }
        }
        if (hit.Title is { Length: > 0 } title)
            properties["title"] = Columns.Fit(title, 200);
        if (hit.Referrer is { Length: > 0 } referrer)
            properties["referrer"] = Columns.Fit(referrer, 1000);
        if (hit.Seconds is { } seconds)
            properties["seconds"] = Math.Clamp(seconds, 0, 86_400);
        if (hit.Percent is { } percent)
            properties["percent"] = Math.Clamp(percent, 0, 100);
        if (hit.Asset is { Length: > 0 } asset)
            properties["asset"] = Columns.Fit(asset, 200);
        if (hit.Visitor is { } visitor)
            properties["visitor"] = visitor.ToString();
        return properties;
    }

    private static IEnumerable<(string Name, string Value)> QueryOf(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Uri.UnescapeDataString(p[0]).ToLowerInvariant(), p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : ""));
}
