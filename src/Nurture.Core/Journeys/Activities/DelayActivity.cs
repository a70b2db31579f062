using System.Globalization;
using System.Text.Json;
using Nurture.Core.Configuration;
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
