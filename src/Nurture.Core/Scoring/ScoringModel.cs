using System.Text.Json;
using System.Text.Json.Serialization;
using Nurture.Core.Signals;

namespace Nurture.Core.Scoring;

/// <summary>The engagement rules and the MQL threshold, read from <c>workflows/scoring/model.json</c>.</summary>
public sealed record ScoringModel
{
    public int Version { get; init; } = 1;
    public int MqlThreshold { get; init; } = 15;
    public IReadOnlyList<EngagementRule> Engagement { get; init; } = [];

    /// <summary>Pardot-like defaults, with a white-paper download worth more than a click.</summary>
    public static ScoringModel Default { get; } = new()
    {
        Engagement =
        [
            new() { Signal = SignalTypes.Form, Points = 50 },
            new() { Signal = SignalTypes.Download, Points = 10 },
            new() { Signal = SignalTypes.Click, Points = 5 },
            new() { Signal = SignalTypes.Open, Points = 0, FirstTimeOnly = true },
            new() { Signal = SignalTypes.Bounce, Points = -10 },
            new() { Signal = SignalTypes.Complaint, Points = -50 },
        ],
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Parses and checks a model file; throws <see cref="FormatException"/> naming the file and position.</summary>
    public static ScoringModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ScoringModel? model;
        try
        {
            model = JsonSerializer.Deserialize<ScoringModel>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: {e.Message}", e);
        }
        if (model is null)
            throw new FormatException($"{path}: the file is empty.");

        for (var i = 0; i < model.Engagement.Count; i++)
        {
            var rule = model.Engagement[i];
            if (string.IsNullOrWhiteSpace(rule.Signal) || !SignalTypes.IsValid(rule.Signal))
                throw new FormatException($"{path}: engagement[{i}].signal '{rule.Signal}' is not a valid signal type.");
        }
        if (model.MqlThreshold <= 0)
            throw new FormatException($"{path}: mqlThreshold must be positive (got {model.MqlThreshold}).");
        return model;
    }
}

public sealed record EngagementRule
{
    public string Signal { get; init; } = "";
    public int Points { get; init; }

    /// <summary>Counts only the lead's first signal of this type (e.g. opens).</summary>
    public bool FirstTimeOnly { get; init; }

    public string Name => $"engagement.{Signal}";
}
