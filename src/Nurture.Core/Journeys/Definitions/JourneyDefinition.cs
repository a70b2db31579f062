using System.Text.Json;

namespace Nurture.Core.Journeys.Definitions;

/// <summary>
/// A journey as marketers write it in <c>workflows/*.json</c>: triggers, activities and the connections
/// between their outcome ports. Immutable once published; instances run on the version they started on.
/// </summary>
public sealed record JourneyDefinition
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyList<JourneyTrigger> Triggers { get; init; } = [];
    public IReadOnlyList<ActivityNode> Activities { get; init; } = [];
    public IReadOnlyList<JourneyConnection> Connections { get; init; } = [];

    /// <summary>The single activity no connection points to.</summary>
    public ActivityNode? StartActivity =>
        Activities.FirstOrDefault(a => Connections.All(c => c.To != a.Id));

    public ActivityNode? FindActivity(string id) => Activities.FirstOrDefault(a => a.Id == id);

    public ActivityNode? Next(string fromActivityId, string outcome)
    {
        var connection = Connections.FirstOrDefault(c => c.From == fromActivityId && c.Outcome == outcome);
        return connection is null ? null : FindActivity(connection.To);
    }
}

public sealed record JourneyTrigger
{
    public string Type { get; init; } = "";
    public Dictionary<string, JsonElement> Properties { get; init; } = [];
}

public sealed record ActivityNode
{
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public Dictionary<string, JsonElement> Properties { get; init; } = [];
    public DesignerPosition? Position { get; init; }

    public string? GetString(string property) =>
        Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> GetStrings(string property) =>
        Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
}

public sealed record DesignerPosition(double X, double Y);

/// <summary>From an activity's outcome port to the next activity. Outcome defaults to "Done".</summary>
public sealed record JourneyConnection
{
    public string From { get; init; } = "";
    public string Outcome { get; init; } = "Done";
    public string To { get; init; } = "";
}

public static class JourneyTriggerTypes
{
    public const string LeadCreated = "LeadCreated";
}
