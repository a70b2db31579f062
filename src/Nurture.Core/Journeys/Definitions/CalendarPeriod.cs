using System.Globalization;
using System.Text.RegularExpressions;

namespace Nurture.Core.Journeys.Definitions;

/// <summary>
/// A date-only ISO 8601 period, signed: "P1Y", "-P30D", "P1M2W". Added on the calendar (a year from
/// 29 February is 28 February), not as a count of days, so anniversaries do not drift.
/// </summary>
public readonly partial record struct CalendarPeriod(int Years, int Months, int Days)
{
    public bool IsZero => Years == 0 && Months == 0 && Days == 0;
    public bool IsPositive => !IsZero && Years >= 0 && Months >= 0 && Days >= 0;

    public DateOnly AddTo(DateOnly date) => date.AddYears(Years).AddMonths(Months).AddDays(Days);

    public CalendarPeriod Times(int count) => new(Years * count, Months * count, Days * count);

    public static bool TryParse(string? text, out CalendarPeriod period)
    {
        period = default;
        if (text is null || Pattern().Match(text.Trim()) is not { Success: true } match || match.Groups.Values.Skip(2).All(g => !g.Success))
            return false;
        var sign = match.Groups[1].Success ? -1 : 1;
        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        if (Part(2) > 100 || Part(3) > 1200 || Part(4) > 5200 || Part(5) > 36500)
            return false;
        period = new CalendarPeriod(sign * Part(2), sign * Part(3), sign * (Part(4) * 7 + Part(5)));
        return true;
    }

    [GeneratedRegex(@"^(-)?P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?$")]
    private static partial Regex Pattern();
}
