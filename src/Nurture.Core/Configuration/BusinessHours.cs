namespace Nurture.Core.Configuration;

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
