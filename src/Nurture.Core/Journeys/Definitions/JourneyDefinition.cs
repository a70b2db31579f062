using System.Text.Json;
using Nurture.Core.Leads;

namespace Nurture.Core.Journeys.Definitions;

/// <summary>
/// A journey as marketers write it in <c>workflows/*.json</c>: triggers, activities and the connections
/// between their outcome ports. Immutable once published; instances run on the version they started on.
/// </summary>
public sealed record JourneyDefinition
{
    /// <summary>Editors' pointer to workflows/schema/journey.schema.json; ignored by the server.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("$schema")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Schema { get; init; }

    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyList<JourneyTrigger> Triggers { get; init; } = [];
    public JourneySettings Settings { get; init; } = new();
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

/// <summary>What starts the journey for a lead; which fields count depends on the type.</summary>
public sealed record JourneyTrigger
{
    public string Type { get; init; } = "";

    /// <summary>SignalReceived: the signal type.</summary>
    public string? SignalType { get; init; }

    /// <summary>SignalReceived: property values the signal must have ("asset", "url"…; a trailing * matches a prefix).</summary>
    public Dictionary<string, string>? Filters { get; init; }

    /// <summary>FormSubmitted: the form id (any form when absent).</summary>
    public string? Form { get; init; }

    /// <summary>ScoreCrossed: the score that must be reached from below.</summary>
    public int? Value { get; init; }

    /// <summary>ScoreCrossed: which score (engagement, fit, reliability or quality); engagement when absent.</summary>
    public string? Score { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string ScoreName => Score ?? LeadScores.EngagementName;

    /// <summary>DateReached: the date field (a custom date field, or <c>createdAt</c> for sign-up anniversaries).</summary>
    public string? Field { get; init; }

    /// <summary>The DateReached field that is the lead's sign-up date.</summary>
    public const string CreatedAtField = "createdAt";

    /// <summary>DateReached: when, relative to the date: "-P30D" is thirty days before; none is on the day.</summary>
    public string? Offset { get; init; }

    /// <summary>DateReached: repeat every period ("P1Y" for anniversaries); none fires once.</summary>
    public string? Every { get; init; }

    /// <summary>DateReached: the time of day in the lead's time zone, HH:mm (09:00 when absent).</summary>
    public string? At { get; init; }

    /// <summary>StageChanged: the stage entered (any when absent).</summary>
    public LeadStage? Stage { get; init; }

    /// <summary>TagAdded: the tag (any when absent).</summary>
    public string? Tag { get; init; }
}

public sealed record ActivityNode
{
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public Dictionary<string, JsonElement> Properties { get; init; } = [];
    public DesignerPosition? Position { get; init; }

    public string? GetString(string property) =>
        Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Reads a structured property; throws <see cref="JsonException"/> when it has the wrong shape.</summary>
    public T? Get<T>(string property) =>
        Properties.TryGetValue(property, out var value) ? value.Deserialize<T>(JourneyParser.SerializerOptions) : default;

    public int? GetInt(string property) =>
        Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

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
    public const string FormSubmitted = "FormSubmitted";
    public const string SignalReceived = "SignalReceived";
    public const string ScoreCrossed = "ScoreCrossed";
    public const string StageChanged = "StageChanged";
    public const string TagAdded = "TagAdded";
    public const string DateReached = "DateReached";

    /// <summary>
    /// Each trigger type with the fields of <see cref="JourneyTrigger"/> it reads, in the designer's order:
    /// the web app shows and keeps these (it gets them from <c>GET /api/catalog</c>, never a copy).
    /// </summary>
    public static readonly IReadOnlyList<(string Type, IReadOnlyList<string> Fields)> WithFields =
    [
        (LeadCreated, []),
        (FormSubmitted, ["form"]),
        (SignalReceived, ["signalType", "filters"]),
        (ScoreCrossed, ["score", "value"]),
        (StageChanged, ["stage"]),
        (TagAdded, ["tag"]),
        (DateReached, ["field", "offset", "every", "at"]),
    ];

    public static readonly IReadOnlyList<string> All = [.. WithFields.Select(t => t.Type)];
}
