using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Core.Configuration;

/// <summary>
/// The models people edit as JSON files or send to the API (the score model, the routing): one reading of
/// them, strict about unknown fields, with every error naming where it is (file:line:col, or file: path).
/// </summary>
public static class JsonModel
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <exception cref="FormatException">Malformed JSON (with its position), an empty document, or the model's own problems.</exception>
    public static T Parse<T>(string json, string source, Func<T, IEnumerable<string>> problems) where T : class
    {
        ArgumentNullException.ThrowIfNull(problems);
        T? model;
        try
        {
            model = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: {e.Message}", e);
        }
        if (model is null)
            throw new FormatException($"{source}: the document is empty.");
        var found = problems(model).ToList();
        if (found.Count > 0)
            throw new FormatException(string.Join(Environment.NewLine, found.Select(p => $"{source}: {p}")));
        return model;
    }

    public static string Serialize<T>(T model) => JsonSerializer.Serialize(model, Options);
}
