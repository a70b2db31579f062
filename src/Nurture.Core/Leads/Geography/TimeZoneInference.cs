using NodaTime;
using NodaTime.TimeZones;
using PhoneNumbers;

namespace Nurture.Core.Leads.Geography;

/// <summary>Where a lead's time zone came from; shown on the lead so a marketer knows how far to trust it.</summary>
public enum TimeZoneSource
{
    /// <summary>Given by the API, an import or a form.</summary>
    Explicit,

    /// <summary>The lead's country has one time zone (FR → Europe/Paris).</summary>
    Country,

    /// <summary>The phone number's area or region has one time zone.</summary>
    Phone,

    /// <summary>Nothing told us: <c>Email:DefaultTimeZone</c>.</summary>
    Default,
}

/// <summary>
/// A lead's time zone when none was given: from its country where the country has one zone (or several that
/// keep the same clock all year, as Germany's Berlin and Büsingen), else from its phone number, else the
/// default. Zones come from the TZDB's zone locations (NodaTime) and libphonenumber's prefix map, never
/// from a table of ours.
/// </summary>
public static class TimeZoneInference
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly Lazy<Dictionary<string, string>> SingleZoneByCountry = new(BuildSingleZones);

    public static (string Zone, TimeZoneSource Source) Infer(string? country, string? phone, string defaultZone)
    {
        if (country is not null && ZoneOfCountry(country) is { } byCountry)
            return (byCountry, TimeZoneSource.Country);
        if (ZoneOfPhone(phone, country) is { } byPhone)
            return (byPhone, TimeZoneSource.Phone);
        return (defaultZone, TimeZoneSource.Default);
    }

    /// <summary>The zone of a country (ISO alpha-2) that keeps one clock; null for the US, Russia, Brazil…</summary>
    public static string? ZoneOfCountry(string country) =>
        SingleZoneByCountry.Value.GetValueOrDefault(country.ToUpperInvariant());

    private static string? ZoneOfPhone(string? phone, string? country)
    {
        if (string.IsNullOrWhiteSpace(phone))
            return null;
        PhoneNumber number;
        try
        {
            number = Phones.Parse(phone, Countries.IsRecognized(country) ? country : null);
        }
        catch (NumberParseException)
        {
            return null;
        }
        if (!Phones.IsValidNumber(number))
            return null;
        var mapper = PhoneNumberToTimeZonesMapper.GetInstance();
        var zones = mapper.GetTimeZonesForNumber(number)
            .Where(z => z != mapper.GetUnknownTimeZone() && IsKnown(z))
            .ToList();
        // A mobile number says only its country (a UK mobile: London, Jersey, Guernsey, Man, one clock):
        // the country's own zone names it best, and is enough where the country keeps one clock.
        var countryZone = Phones.GetRegionCodeForNumber(number) is { Length: 2 } region ? ZoneOfCountry(region) : null;
        if (zones.Count > 0 && SameClock(zones))
            return countryZone is not null && zones.Contains(countryZone) ? countryZone : zones[0];
        return countryZone;
    }

    private static Dictionary<string, string> BuildSingleZones()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        // zone.tab lists a country's principal zone first ("most of Germany").
        foreach (var country in (TzdbDateTimeZoneSource.Default.ZoneLocations ?? []).GroupBy(l => l.CountryCode))
        {
            var zones = country.Select(l => l.ZoneId).Where(IsKnown).ToList();
            if (zones.Count > 0 && SameClock(zones))
                result[country.Key] = zones[0];
        }
        return result;
    }

    // Offsets compared over the coming years, so a zone that differs only in its history still counts as one clock.
    private static bool SameClock(IReadOnlyList<string> zoneIds)
    {
        if (zoneIds.Count == 1)
            return true;
        var start = Instant.FromUtc(2025, 1, 1, 0, 0); // fixed, so the answer does not change with the day it is asked
        var comparer = ZoneEqualityComparer.ForInterval(new Interval(start, start + Duration.FromDays(365 * 10)));
        var provider = DateTimeZoneProviders.Tzdb;
        var first = provider.GetZoneOrNull(zoneIds[0]);
        return first is not null && zoneIds.Skip(1).All(id => provider.GetZoneOrNull(id) is { } zone && comparer.Equals(first, zone));
    }

    // The zone must be one the platform can convert with (TimeZoneInfo), as quiet hours and delays do.
    private static bool IsKnown(string zoneId) => TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out _);
}
