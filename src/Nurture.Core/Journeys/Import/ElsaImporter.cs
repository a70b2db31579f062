using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Import;

/// <summary>
/// Reads an Elsa 3 workflow definition (root "Elsa.Flowchart") into a journey. Connections in both the
/// 3.1+ form {source:{activity,port},target:{activity,port}} and the 3.0 form {source,target,sourcePort,
/// targetPort}; inputs wrapped as {typeName, expression:{type,value}} or bare; designer positions kept.
/// Activities without a counterpart become opaque nodes holding their original JSON.
/// </summary>
public static partial class ElsaImporter
{
    /// <exception cref="JourneyDefinitionException">The text is not JSON, or not an Elsa flowchart.</exception>
    public static (JourneyDefinition Journey, ElsaImportReport Report) Import(string json, string file)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new JourneyDefinitionException([new JourneyError(file, $"malformed JSON: {e.Message}") { Line = (int)(e.LineNumber ?? 0) + 1, Column = (int)(e.BytePositionInLine ?? 0) + 1 }]);
        }
        var root = (document as JsonObject)?["root"] as JsonObject;
        if (root is null || root["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || (string?)type != "Elsa.Flowchart"
            || root["activities"] is not JsonArray elsaActivities)
            throw new JourneyDefinitionException([new JourneyError(file, "not an Elsa 3 workflow: expected root.type \"Elsa.Flowchart\" with root.activities.") { Property = "root" }]);

        var report = new ElsaImportReport();
        var connections = ReadConnections(root["connections"] as JsonArray ?? [], report);
        var activities = new List<ActivityNode>();
        var skipped = new HashSet<string>();
        foreach (var element in elsaActivities.OfType<JsonObject>())
        {
            var node = MapActivity(element, connections, report);
            if (node is null)
                skipped.Add((string)element["id"]!);
            else
                activities.Add(node);
        }

        var ids = activities.Select(a => a.Id).ToHashSet();
        var journeyConnections = connections
            .Where(c => ids.Contains(c.From) && ids.Contains(c.To))
            .Select(c => new JourneyConnection { From = c.From, To = c.To, Outcome = MapPort(activities.First(a => a.Id == c.From), c.Port) })
            .ToList();

        var name = (string?)document!["name"] ?? (string?)document["definitionId"] ?? "Imported journey";
        var journey = new JourneyDefinition
        {
            Id = Slug((string?)document["definitionId"] ?? name),
            Name = name,
            Description = (string?)document["description"] ?? $"Imported from Elsa ({file}).",
            Activities = activities,
            Connections = journeyConnections,
        };
        report.Notes.Add("No trigger was imported (Elsa triggers are workflow-level); add one before publishing.");
        return (journey, report);
    }

    private sealed record ElsaConnection(string From, string Port, string To);

    private static List<ElsaConnection> ReadConnections(JsonArray connections, ElsaImportReport report)
    {
        var result = new List<ElsaConnection>();
        foreach (var connection in connections.OfType<JsonObject>())
        {
            // 3.1+: { source: { activity, port }, target: { activity, port } }; 3.0: { source, target, sourcePort, targetPort }.
            var (from, port, to) = connection["source"] is JsonObject source
                ? ((string?)source["activity"], (string?)source["port"], (string?)(connection["target"] as JsonObject)?["activity"])
                : ((string?)connection["source"], (string?)connection["sourcePort"], (string?)connection["target"]);
            if (from is null || to is null)
            {
                report.Notes.Add($"A connection without source or target was skipped: {connection.ToJsonString()}");
                continue;
            }
            result.Add(new ElsaConnection(from, port ?? "Done", to));
        }
        return result;
    }

    private static ActivityNode? MapActivity(JsonObject element, List<ElsaConnection> connections, ElsaImportReport report)
    {
        var id = (string?)element["id"] ?? Guid.NewGuid().ToString("N");
        var type = (string?)element["type"] ?? "?";
        var position = element["metadata"]?["designer"]?["position"] is JsonObject p
            ? new DesignerPosition((double?)p["x"] ?? 0, (double?)p["y"] ?? 0)
            : null;
        ActivityNode Node(string ourType, Dictionary<string, JsonElement> properties, string? note = null)
        {
            report.Mapped.Add(new ImportedActivity(id, type, ourType, note));
            return new ActivityNode { Id = id, Type = ourType, Properties = properties, Position = position };
        }

        switch (type)
        {
            case "Elsa.Start":
                report.Notes.Add($"'{id}' (Elsa.Start) was dropped: a journey starts at its first activity.");
                return null;
            case "Elsa.Delay":
                var span = Input(element, "timeSpan");
                return TimeSpan.TryParse(span, System.Globalization.CultureInfo.InvariantCulture, out var delay) && delay > TimeSpan.Zero
                    ? Node("Delay", Properties(("duration", XmlConvert.ToString(delay))))
                    : Node("Delay", [], $"the delay '{span}' was not a literal time span; set a duration.");
            case "Elsa.FlowDecision":
                return Node("Condition", [], $"the condition ({ExpressionText(element, "condition")}) cannot be translated; write it as a lead condition.");
            case "Elsa.Event":
                var eventName = Input(element, "eventName");
                var signal = eventName is null ? null : Slug(eventName);
                return signal is null
                    ? Node("WaitForSignal", [], "the event name was not a literal; set the signal types.")
                    : Node("WaitForSignal", Properties(("signalTypes", new[] { signal })), eventName == signal ? null : $"event '{eventName}' became signal type '{signal}'.");
            case "Elsa.SendEmail":
                return Node("SendEmail", [], $"Elsa's inline subject and body were not imported (subject: '{Input(element, "subject")}'); choose a template.");
            case "Elsa.SendHttpRequest" or "Elsa.FlowSendHttpRequest":
                var url = Input(element, "url");
                return Node("Webhook", url is null ? [] : Properties(("url", url)), url is null ? "the URL was not a literal; set it." : "the method, headers and body were not imported: a webhook POSTs the lead.");
            case "Elsa.End" or "Elsa.Finish" or "Elsa.Complete":
                return Node("Exit", []);
            default:
                var ports = connections.Where(c => c.From == id).Select(c => c.Port).Distinct().ToArray();
                report.Unmapped.Add(new ImportedActivity(id, type, OpaqueActivity.TypeName, "no counterpart; kept as an opaque node"));
                return new ActivityNode
                {
                    Id = id,
                    Type = OpaqueActivity.TypeName,
                    Position = position,
                    Properties = Properties(("sourceType", type), ("ports", ports), ("original", element)),
                };
        }
    }

    /// <summary>Elsa's default outcome is "Done"; ours match except where our port has another name.</summary>
    private static string MapPort(ActivityNode from, string port) => (from.Type, port) switch
    {
        ("WaitForSignal", "Done") => Outcomes.Received,
        ("Condition", "True" or "False") => port,
        (OpaqueActivity.TypeName, _) => port,
        _ => Outcomes.Done,
    };

    /// <summary>A literal input, wrapped ({ typeName, expression: { type: "Literal", value } }) or bare.</summary>
    private static string? Input(JsonObject element, string name)
    {
        var input = element[name] ?? element[char.ToUpperInvariant(name[0]) + name[1..]];
        if (input is JsonObject wrapped && wrapped["expression"] is JsonObject expression)
        {
            var kind = (string?)expression["type"];
            return kind is null or "Literal" or "Object" ? Text(expression["value"]) : null;
        }
        return Text(input);
    }

    /// <summary>Any input as "Language: code", for reports about what could not be translated.</summary>
    private static string ExpressionText(JsonObject element, string name) =>
        element[name]?["expression"] is JsonObject expression
            ? $"{(string?)expression["type"]}: {Text(expression["value"])}"
            : Text(element[name]) ?? "no expression";

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    private static Dictionary<string, JsonElement> Properties(params (string Name, object Value)[] values) =>
        values.ToDictionary(v => v.Name, v => JsonSerializer.SerializeToElement(v.Value));

    private static string Slug(string text)
    {
        var slug = NotSlug().Replace(text.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "imported" : slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
