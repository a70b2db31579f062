using System.Text.Json.Serialization;
using Nurture.Core.Configuration;
using Nurture.Core.Leads;
using Nurture.Core.Leads.Conditions;
using Nurture.Core.Scoring.Reliability;
using Nurture.Core.Signals;

namespace Nurture.Core.Scoring;

/// <summary>
/// The score model, read from <c>workflows/scoring/model.json</c>: fit rules on the profile, engagement
/// rules on signals (with caps, decay and an inactivity penalty), reliability check weights, the weights
/// of the quality blend, and the MQL rule. A file without <c>mql</c> keeps the version-1 meaning:
/// engagement ≥ <c>mqlThreshold</c>.
/// </summary>
public sealed record ScoringModel : IHandRaisers
{
    public int Version { get; init; } = 1;
    public int MqlThreshold { get; init; } = 15;

    /// <summary>A condition over the lead (fields <c>fit</c>, <c>engagement</c>, <c>reliability</c>, <c>quality</c>, …).</summary>
    public LeadCondition? Mql { get; init; }

    public QualityWeights Weights { get; init; } = new();

    /// <summary>The fit × engagement grid a lead is placed in (A1 = best fit, most engaged), as HubSpot's and Pardot's.</summary>
    public ScoreMatrix Matrix { get; init; } = new();

    /// <summary>Signals that make a lead an MQL at once, whatever its score (a demo request).</summary>
    public IReadOnlyList<HandRaiser> HandRaisers { get; init; } = [];

    public IReadOnlyList<FitRule> Fit { get; init; } = [];
    public IReadOnlyList<EngagementRule> Engagement { get; init; } = [];
    public DecaySettings? Decay { get; init; }
    public InactivitySettings? Inactivity { get; init; }

    /// <summary>Points per reliability check; null: reliability is not scored.</summary>
    public ReliabilityWeights? Reliability { get; init; }

    /// <summary>The version-1 defaults, used when no model file exists.</summary>
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

    public bool IsMql(Lead lead) => Mql?.Evaluate(lead) ?? lead.EngagementScore >= MqlThreshold;

    public string MqlRule => Mql?.ToString() ?? $"engagement gte {MqlThreshold}";

    /// <summary>Whether the rule would hold if the lead had only <paramref name="engagement"/> points of engagement.</summary>
    public bool IsMqlWithEngagement(Lead lead, int engagement)
    {
        var copy = lead.Hypothetical();
        copy.EngagementScore = engagement;
        copy.QualityScore = QualityOf(copy);
        return IsMql(copy);
    }

    public bool IsHandRaiser(Signal signal) => HandRaisers.Any(h => SignalFilters.Matches(signal, h.Signal, h.Filters));

    /// <summary>The blend of the three dimensions, each clamped to 0–100 first.</summary>
    public int QualityOf(Lead lead)
    {
        var total = Weights.Fit + Weights.Reliability + Weights.Engagement;
        if (total == 0)
            return 0;
        var blend = Weights.Fit * Clamp(lead.FitScore) + Weights.Reliability * Clamp(lead.ReliabilityScore) + Weights.Engagement * Clamp(lead.EngagementScore);
        return (int)Math.Round(blend / (double)total, MidpointRounding.AwayFromZero);
    }

    public static int Clamp(int points) => Math.Clamp(points, 0, 100);

    /// <summary>Parses and checks a model file; throws <see cref="FormatException"/> naming the file and position.</summary>
    public static ScoringModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and checks a model; every problem names where it is (<c>file: engagement[2].signal: …</c>).</summary>
    public static ScoringModel Parse(string json, string source) => JsonModel.Parse<ScoringModel>(json, source, m => m.Problems());

    public string ToJson() => JsonModel.Serialize(this);

    private IEnumerable<string> Problems()
    {
        if (Version <= 0)
            yield return $"version must be positive (got {Version}).";
        if (Mql is null && MqlThreshold <= 0)
            yield return $"mqlThreshold must be positive (got {MqlThreshold}).";
        if (Mql is not null)
        {
            foreach (var problem in Mql.Problems("mql"))
                yield return problem;
        }
        if (Weights.Fit < 0 || Weights.Reliability < 0 || Weights.Engagement < 0 || Weights.Fit + Weights.Reliability + Weights.Engagement == 0)
            yield return "weights: fit, reliability and engagement must be 0 or more, and not all 0.";
        for (var i = 0; i < Engagement.Count; i++)
        {
            var rule = Engagement[i];
            if (string.IsNullOrWhiteSpace(rule.Signal) || !SignalTypes.IsValid(rule.Signal))
                yield return $"engagement[{i}].signal: '{rule.Signal}' is not a valid signal type.";
            if (rule.MaxPerDay is <= 0 || rule.Max is <= 0)
                yield return $"engagement[{i}]: maxPerDay and max must be positive when given.";
        }
        foreach (var duplicate in Engagement.GroupBy(r => r.Name).Where(g => g.Count() > 1))
            yield return $"engagement: two rules are named '{duplicate.Key}'; give the filtered one a \"name\".";
        for (var i = 0; i < Fit.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Fit[i].Name))
                yield return $"fit[{i}].name: a fit rule needs a name.";
            if (Fit[i].When is null)
                yield return $"fit[{i}].when: a fit rule needs a condition.";
            else
            {
                foreach (var problem in Fit[i].When!.Problems($"fit[{i}].when"))
                    yield return problem;
            }
        }
        foreach (var duplicate in Fit.GroupBy(r => r.Name).Where(g => g.Count() > 1))
            yield return $"fit: two rules are named '{duplicate.Key}'.";
        for (var i = 0; i < HandRaisers.Count; i++)
        {
            if (!SignalTypes.IsValid(HandRaisers[i].Signal))
                yield return $"handRaisers[{i}].signal: '{HandRaisers[i].Signal}' is not a valid signal type.";
        }
        foreach (var problem in Matrix.Problems())
            yield return problem;
        if (Decay is { HalfLifeDays: <= 0 })
            yield return "decay.halfLifeDays must be positive.";
        if (Inactivity is { Days: <= 0 } or { Points: > 0 })
            yield return "inactivity: days must be positive and points 0 or negative.";
    }
}

public sealed record QualityWeights
{
    public int Fit { get; init; } = 60;
    public int Reliability { get; init; } = 20;
    public int Engagement { get; init; } = 20;
}

/// <summary>
/// Fit grades (A at or above the first bound, then B, C; D below the last) and engagement levels (1 at or
/// above the first bound … 4 below the last): a lead's cell, such as "B2", says at a glance why it is or is
/// not with sales, and the funnel by cell shows which profiles nurturing converts.
/// </summary>
public sealed record ScoreMatrix
{
    public IReadOnlyList<int> Fit { get; init; } = [75, 50, 25];
    public IReadOnlyList<int> Engagement { get; init; } = [60, 30, 10];

    public string CellOf(Lead lead) => CellOf(lead.FitScore, lead.EngagementScore);

    public string CellOf(int fit, int engagement) => $"{(char)('A' + Band(fit, Fit))}{1 + Band(engagement, Engagement)}";

    /// <summary>Every cell, best first (A1, A2, …, D4).</summary>
    public IEnumerable<string> Cells() =>
        Enumerable.Range(0, Fit.Count + 1).SelectMany(f => Enumerable.Range(0, Engagement.Count + 1).Select(e => $"{(char)('A' + f)}{1 + e}"));

    private static int Band(int points, IReadOnlyList<int> bounds)
    {
        var band = 0;
        while (band < bounds.Count && points < bounds[band])
            band++;
        return band;
    }

    internal IEnumerable<string> Problems()
    {
        if (Fit.Count is 0 or > 5 || Fit.Zip(Fit.Skip(1)).Any(p => p.First <= p.Second))
            yield return "matrix.fit: one to five bounds, highest first (e.g. [75, 50, 25]).";
        if (Engagement.Count is 0 or > 8 || Engagement.Zip(Engagement.Skip(1)).Any(p => p.First <= p.Second))
            yield return "matrix.engagement: one to eight bounds, highest first (e.g. [60, 30, 10]).";
    }
}

public sealed record HandRaiser
{
    public string Signal { get; init; } = "";
    public Dictionary<string, string>? Filters { get; init; }
}

/// <summary>Points for a profile that matches: "VP or above", "200+ employees", "in our markets".</summary>
public sealed record FitRule
{
    public string Name { get; init; } = "";
    public LeadCondition? When { get; init; }
    public int Points { get; init; }

    public string Rule => $"fit.{Name}";
}

public sealed record EngagementRule
{
    /// <summary>Names a rule apart from others on the same signal (a filtered one).</summary>
    [JsonPropertyName("name")]
    public string? Id { get; init; }

    public string Signal { get; init; } = "";

    /// <summary>Signal properties to match (<c>"asset": "pricing*"</c>); the first matching rule scores.</summary>
    public Dictionary<string, string>? Filters { get; init; }

    public int Points { get; init; }

    /// <summary>Counts only the lead's first signal matching this rule (e.g. opens).</summary>
    public bool FirstTimeOnly { get; init; }

    /// <summary>At most this many points from this rule per lead per UTC day.</summary>
    public int? MaxPerDay { get; init; }

    /// <summary>At most this many points from this rule per lead, ever.</summary>
    public int? Max { get; init; }

    [JsonIgnore]
    public string Name => $"engagement.{Id ?? Signal}";
}

/// <summary>Engagement fades: after one half-life, half the points remain (written to the ledger daily).</summary>
public sealed record DecaySettings
{
    public double HalfLifeDays { get; init; } = 30;
}

/// <summary>A lead with no scored signal for this many days loses these points, once per stretch.</summary>
public sealed record InactivitySettings
{
    public int Days { get; init; } = 30;
    public int Points { get; init; } = -10;
}
