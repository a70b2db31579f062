using System.Globalization;
using System.Text.Json;
using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// Waits as a durable timer row (months-long delays cost one row, not one timer): for a duration, until
/// a date, or until the next business hours in the lead's time zone.
/// </summary>
public sealed class DelayActivity : IActivity
{
    public string Type => "Delay";
    public string Description => "Wait for a duration, until a date/time, or until the lead's next business hours.";
    public bool Waits => true;
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
    [
        new("duration", "duration", Required: false, "How long to wait, ISO 8601 (PT15M, P3D, P12M)."),
        new("until", "datetime", Required: false, "An instant with its offset, e.g. 2027-01-15T09:00:00+01:00."),
        new("businessHours", "businessHours", Required: false, "{ \"start\": \"09:00\", \"end\": \"17:00\", \"days\": [\"Monday\", …] } in the lead's time zone."),
    ];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        var given = new[] { "duration", "until", "businessHours" }.Where(node.Properties.ContainsKey).ToList();
        if (given.Count != 1)
        {
            yield return new JourneyError(context.File, "give exactly one of duration, until or businessHours.") { ActivityId = node.Id, Property = given.Count == 0 ? "duration" : string.Join(",", given) };
            yield break;
        }
        var error = given[0] switch
        {
            "duration" => Durations.TryParse(node.GetString("duration"), out _) ? null : $"'{node.GetString("duration")}' is not a positive ISO 8601 duration such as P3D.",
            "until" => TryParseUntil(node, out _) ? null : $"'{node.GetString("until")}' is not a date and time with an offset, such as 2027-01-15T09:00:00+01:00.",
            _ => ReadHours(node, out _),
        };
        if (error is not null)
            yield return new JourneyError(context.File, error) { ActivityId = node.Id, Property = given[0] };
    }

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var node = context.Node;
        DateTimeOffset due;
        if (Durations.TryParse(node.GetString("duration"), out var duration))
            due = context.Now + duration;
        else if (TryParseUntil(node, out var until))
            due = until;
        else
        {
            ReadHours(node, out var hours);
            due = hours!.NextOpening(context.Now, context.Lead.TimeZone);
        }
        if (due <= context.Now)
            return Task.FromResult(ActivityResult.Next(Activities.Outcomes.Done));
        context.AddTimerWait(due, Activities.Outcomes.Done);
        return Task.FromResult(ActivityResult.Suspend());
    }

    // An explicit offset is required: "9 am" means nothing without knowing where.
    private static readonly string[] UntilFormats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private static bool TryParseUntil(ActivityNode node, out DateTimeOffset until)
    {
        until = default;
        var text = node.GetString("until");
        return text is not null && HasOffset(text)
            && DateTimeOffset.TryParseExact(text, UntilFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out until);
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || (text.Length >= 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static string? ReadHours(ActivityNode node, out BusinessHours? hours)
    {
        hours = null;
        try
        {
            hours = node.Get<BusinessHours>("businessHours");
        }
        catch (JsonException e)
        {
            return $"businessHours must be {{ start, end, days }}: {e.Message}";
        }
        return hours?.Problem() ?? (hours is null ? "businessHours is empty." : null);
    }
}

/// <summary>Opening hours, e.g. 09:00–17:00 on weekdays, applied in the lead's own time zone.</summary>
public sealed record BusinessHours
{
    public string Start { get; init; } = "09:00";
    public string End { get; init; } = "17:00";
    public IReadOnlyList<DayOfWeek> Days { get; init; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public string? Problem()
    {
        if (!TimeOnly.TryParseExact(Start, "HH:mm", out var start) || !TimeOnly.TryParseExact(End, "HH:mm", out var end))
            return $"start and end must be HH:mm (got '{Start}' and '{End}').";
        if (end <= start)
            return $"end ({End}) must be after start ({Start}).";
        return Days.Count == 0 ? "give at least one day." : null;
    }

    /// <summary>Now when inside the hours, else the next opening, in the lead's time zone (UTC when unknown).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now, string? timeZoneId)
    {
        var zone = timeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var start = TimeOnly.ParseExact(Start, "HH:mm");
        var end = TimeOnly.ParseExact(End, "HH:mm");
        var local = TimeZoneInfo.ConvertTime(now, zone);
        for (var day = 0; day < 8; day++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(day);
            if (!Days.Contains(date.DayOfWeek))
                continue;
            var opening = date.ToDateTime(start);
            var closing = date.ToDateTime(end);
            if (day == 0 && local.DateTime >= opening && local.DateTime < closing)
                return now;
            if (opening > local.DateTime)
                return new DateTimeOffset(opening, zone.GetUtcOffset(opening));
        }
        return now;
    }
}
