using System.Text.Json;

namespace Nurture.Core.Signals;

/// <summary>
/// Matches a signal's properties against filters such as { "asset": "whitepaper.pdf" }: every filter must
/// equal the property (case-insensitive); a value ending in * matches a prefix ("https://example.com/*"). A
/// value that starts with "/" is a path: it is compared with the path (and query) of an absolute URL, so
/// <c>{ "url": "/pricing*" }</c> matches a page view or a click on any site's pricing pages.
/// </summary>
public static class SignalFilters
{
    public static bool Matches(string? propertiesJson, IReadOnlyDictionary<string, string>? filters)
    {
        if (filters is null || filters.Count == 0)
            return true;
        if (propertiesJson is null)
            return false;
        using var json = JsonDocument.Parse(propertiesJson);
        foreach (var (name, expected) in filters)
        {
            if (!json.RootElement.TryGetProperty(name, out var value))
                return false;
            var actual = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
            if (expected.StartsWith('/') && Uri.TryCreate(actual, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                actual = url.PathAndQuery;
            var matches = expected.EndsWith('*')
                ? actual.StartsWith(expected[..^1], StringComparison.OrdinalIgnoreCase)
                : actual.Equals(expected, StringComparison.OrdinalIgnoreCase);
            if (!matches)
                return false;
        }
        return true;
    }

    public static bool Matches(Signal signal, string? type, IReadOnlyDictionary<string, string>? filters) =>
        (type is null || signal.Type == type) && Matches(signal.PropertiesJson, filters);
}
