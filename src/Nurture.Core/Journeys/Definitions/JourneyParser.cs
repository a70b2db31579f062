using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Core.Journeys.Definitions;

/// <summary>Reads journey JSON; syntax and shape errors carry the file, line and column.</summary>
public static class JourneyParser
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static JsonSerializerOptions SerializerOptions => JsonOptions;

    /// <exception cref="JourneyDefinitionException">The text is not a well-formed journey.</exception>
    public static JourneyDefinition Parse(string json, string file)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<JourneyDefinition>(json, JsonOptions)
                ?? throw new JourneyDefinitionException([new JourneyError(file, "the file holds no journey (null).")]);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            throw new JourneyDefinitionException(
            [
                new JourneyError(file, $"malformed journey JSON{path}: {FirstSentence(e.Message)}")
                {
                    Line = (int)(e.LineNumber ?? 0) + 1,
                    Column = (int)(e.BytePositionInLine ?? 0) + 1,
                },
            ]);
        }
    }

    public static string Serialize(JourneyDefinition definition) => JsonSerializer.Serialize(definition, JsonOptions);

    /// <summary>For a file in git: indented, without empty fields; parses back to the same definition.</summary>
    public static string SerializeForFile(JourneyDefinition definition) => JsonSerializer.Serialize(definition, FileOptions) + "\n";

    private static readonly JsonSerializerOptions FileOptions = new(JsonOptions)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
