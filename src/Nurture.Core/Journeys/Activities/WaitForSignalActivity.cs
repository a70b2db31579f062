using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Signals;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// Waits until the lead does something (a human click, a download of a given asset…), or until the
/// timeout. Before saving its waits it replays the inbox: a signal committed while this run was in
/// flight found no wait to resume, so it is taken here instead of being lost.
/// </summary>
public sealed class WaitForSignalActivity : IActivity
{
    public string Type => "WaitForSignal";
    public string Description => "Wait for one of the given signals from the lead, or take the Timeout port.";
    public bool Waits => true;
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Received, Activities.Outcomes.Timeout];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
    [
        new("signalTypes", "string[]", Required: true, "Signal types that resume the lead (click, download, form, …)."),
        new("filters", "map", Required: false, "Property values the signal must have, e.g. { \"asset\": \"guide.pdf\" }; a trailing * matches a prefix."),
        new("timeout", "duration", Required: false, "Give up after this long (ISO 8601) and take the Timeout port."),
    ];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        var types = node.GetStrings("signalTypes");
        if (types.Count == 0)
            yield return new JourneyError(context.File, "list at least one signal type.") { ActivityId = node.Id, Property = "signalTypes" };
        foreach (var type in types.Where(t => !SignalTypes.IsValid(t)))
            yield return new JourneyError(context.File, $"'{type}' is not a valid signal type.") { ActivityId = node.Id, Property = "signalTypes" };
        if (node.Properties.ContainsKey("timeout") && !Durations.TryParse(node.GetString("timeout"), out _))
            yield return new JourneyError(context.File, $"'{node.GetString("timeout")}' is not a positive ISO 8601 duration.") { ActivityId = node.Id, Property = "timeout" };
        if (ReadFilters(node, out var error) is null && error is not null)
            yield return new JourneyError(context.File, error) { ActivityId = node.Id, Property = "filters" };
    }

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var types = context.Node.GetStrings("signalTypes");
        var filters = ReadFilters(context.Node, out _);
        var instance = context.Instance;
        var arrivedDuringRun = await context.Db.Signals.AsNoTracking()
            .Where(s => s.LeadId == context.Lead.Id && types.Contains(s.Type) && s.Label == SignalLabel.Human
                        && s.ProcessedAt != null && s.ReceivedAt >= instance.RunStartedAt && s.Id != instance.ResumedBySignalId)
            .Select(s => s.PropertiesJson)
            .ToListAsync(cancellationToken);
        if (arrivedDuringRun.Any(properties => SignalFilters.Matches(properties, filters)))
            return ActivityResult.Next(Activities.Outcomes.Received);

        foreach (var type in types)
            context.AddSignalWait(type, filters, Activities.Outcomes.Received);
        if (Durations.TryParse(context.Node.GetString("timeout"), out var timeout))
            context.AddTimerWait(context.Now + timeout, Activities.Outcomes.Timeout);
        return ActivityResult.Suspend();
    }

    private static Dictionary<string, string>? ReadFilters(ActivityNode node, out string? error)
    {
        error = null;
        try
        {
            return node.Get<Dictionary<string, string>>("filters");
        }
        catch (JsonException)
        {
            error = "filters must be an object of property names to text values.";
            return null;
        }
    }
}
