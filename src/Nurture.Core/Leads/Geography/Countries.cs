using System.Globalization;
using NodaTime.TimeZones;

namespace Nurture.Core.Leads.Geography;

/// <summary>
/// Countries as ISO 3166-1 alpha-2 codes, whatever form they arrive in ("fr", "France", "FRA", "UK",
/// "United Kingdom"), so profile rules written with codes (<c>country in [US, GB]</c>) match. The names come
/// from maintained data: the TZDB's iso3166.tab (shipped in NodaTime) and the platform's region names (ICU).
/// </summary>
public static class Countries
{
    // Codes that are reserved in ISO 3166 for these countries and widely used in their place (UK for the
    // United Kingdom, EL for Greece in EU texts); neither list above carries them.
    private static readonly Dictionary<string, string> ExceptionalCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UK"] = "GB",
        ["EL"] = "GR",
    };

    private static readonly Lazy<Dictionary<string, string>> ByName = new(BuildNames);

    /// <summary>The alpha-2 codes the TZDB knows (every country with a time zone).</summary>
    public static IReadOnlySet<string> Codes { get; } =
        (TzdbDateTimeZoneSource.Default.ZoneLocations ?? []).Select(l => l.CountryCode).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The ISO alpha-2 code for a country given as a code, an alpha-3 code or an English name; false (and
    /// the value kept as given by the caller) when it is none of those.
    /// </summary>
    public static bool TryNormalize(string? value, out string code)
    {
        code = "";
        if (string.IsNullOrWhiteSpace(value))
            return false;
        var key = Key(value);
        if (ExceptionalCodes.TryGetValue(key, out var exceptional))
        {
            code = exceptional;
            return true;
        }
        if (ByName.Value.TryGetValue(key, out var found))
        {
            code = found;
            return true;
        }
        return false;
    }

    /// <summary>"UK", "United Kingdom", "gb" → GB; a value that names no country is kept as given (and flagged).</summary>
    public static string? NormalizeOrKeep(string? country) => TryNormalize(country, out var code) ? code : country;

    /// <summary>A stored country that is not an ISO code (kept as given, shown as unrecognised).</summary>
    public static bool IsRecognized(string? country) => country is { Length: 2 } && Codes.Contains(country);

    // "Korea (South)", "korea, south" and "KOREA SOUTH" are one key.
    private static string Key(string value) =>
        string.Join(' ', value.Trim().ToUpperInvariant().Split([' ', ',', '.', '(', ')', '-', '\''], StringSplitOptions.RemoveEmptyEntries));

    private static Dictionary<string, string> BuildNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var location in TzdbDateTimeZoneSource.Default.ZoneLocations ?? [])
        {
            names.TryAdd(Key(location.CountryCode), location.CountryCode);
            names.TryAdd(Key(location.CountryName), location.CountryCode);
        }
        foreach (var region in Regions())
        {
            if (!Codes.Contains(region.TwoLetterISORegionName))
                continue;
            names.TryAdd(Key(region.ThreeLetterISORegionName), region.TwoLetterISORegionName);
            names.TryAdd(Key(region.EnglishName), region.TwoLetterISORegionName);
            names.TryAdd(Key(region.NativeName), region.TwoLetterISORegionName);
        }
        return names;
    }

    // Without ICU (invariant globalization) there are no regions: codes and TZDB names still work.
    private static IEnumerable<RegionInfo> Regions()
    {
        var regions = new List<RegionInfo>();
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                regions.Add(new RegionInfo(culture.Name));
            }
            catch (ArgumentException)
            {
                // a culture without a region
            }
        }
        return regions;
    }
}
