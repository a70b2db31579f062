using System.Xml;

namespace Nurture.Core.Journeys.Activities;

/// <summary>ISO 8601 durations ("PT15M", "P7D", "P12M"), by XmlConvert: a month is 30 days, twelve months a year of 365.</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith('P'))
            return false;
        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return duration > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
