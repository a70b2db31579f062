using System.Globalization;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Leads.Conditions;

namespace Nurture.Core.Simulation;

/// <summary>
/// What a marketer asks: which leads, how far ahead, which seed, how many runs, and any response rates to
/// use instead of those learned; as the API reads it, checked field by field by <see cref="Read"/>.
/// </summary>
public sealed record SimulationRequest
{
    /// <summary>"draft", or a published version's number; the draft when there is one, else the version in force.</summary>
    public string? Version { get; init; }

    public PopulationRequest? Population { get; init; }

    /// <summary>An ISO 8601 duration up to a year: "P90D", "P6M", "P12M".</summary>
    public string? Horizon { get; init; }

    /// <summary>When simulated time begins (the next whole hour by default): the same start and seed give the same answer.</summary>
    public DateTimeOffset? Start { get; init; }

    public int? Seed { get; init; }

    /// <summary>Runs with seeds seed, seed+1…: the answer gives each figure's range over them.</summary>
    public int? Runs { get; init; }

    /// <summary>Per template (or "*" for every template), rates and delays that replace the learned ones.</summary>
    public Dictionary<string, ResponseOverride>? Responses { get; init; }

    /// <summary>How long a rep takes to accept a handoff (ISO 8601; "PT4H" by default); "never" keeps every handoff open.</summary>
    public string? RepAcceptAfter { get; init; }

    public const int MaxRuns = 10;
    public const int MaxLeads = 100_000;
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(366);
    public static readonly TimeSpan DefaultHorizon = TimeSpan.FromDays(90);
    public static readonly TimeSpan DefaultRepAcceptAfter = TimeSpan.FromHours(4);

    /// <returns>The settings, or null with every problem named by its field.</returns>
    public SimulationSettings? Read(Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problems = new List<(string Field, string Message)>();
        var horizon = DefaultHorizon;
        if (Horizon is not null && (!Durations.TryParse(Horizon, out horizon) || horizon > MaxHorizon))
            problems.Add(("horizon", $"an ISO 8601 duration up to a year (\"P90D\", \"P12M\"), not '{Horizon}'."));
        if (Runs is < 1 or > MaxRuns)
            problems.Add(("runs", $"between 1 and {MaxRuns}, not {Runs}."));
        int? version = null;
        if (Version is not null && Version != "draft")
        {
            if (int.TryParse(Version, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0)
                version = number;
            else
                problems.Add(("version", $"\"draft\" or a published version's number, not '{Version}'."));
        }
        TimeSpan? accept = DefaultRepAcceptAfter;
        if (RepAcceptAfter == "never")
            accept = null;
        else if (RepAcceptAfter is not null)
            accept = Durations.TryParse(RepAcceptAfter, out var after) ? after : Bad("repAcceptAfter", $"an ISO 8601 duration or \"never\", not '{RepAcceptAfter}'.");
        var population = ReadPopulation(problems);
        var responses = new Dictionary<string, ResponseOverride>(StringComparer.Ordinal);
        foreach (var (template, rates) in Responses ?? [])
        {
            problems.AddRange(rates.Problems().Select(p => ($"responses.{template}.{p.Field}", p.Message)));
            responses[template] = rates;
        }

        foreach (var group in problems.GroupBy(p => p.Field))
            errors[group.Key] = [.. group.Select(p => p.Message)];
        if (errors.Count > 0 || population is null)
            return null;
        return new SimulationSettings
        {
            Population = population,
            Version = version,
            Horizon = horizon,
            Seed = Seed ?? 1,
            Runs = Runs ?? 3,
            Responses = responses,
            RepAcceptAfter = accept,
        };

        TimeSpan? Bad(string field, string message)
        {
            problems.Add((field, message));
            return null;
        }
    }

    private PopulationSpec? ReadPopulation(List<(string Field, string Message)> problems)
    {
        if (Population is null || (Population.Synthetic is null) == (Population.Filter is null))
        {
            problems.Add(("population", "give either 'synthetic' ({ \"count\": 1000 }) or 'filter' (a lead condition)."));
            return null;
        }
        if (Population.Filter is { } filter)
        {
            var before = problems.Count;
            problems.AddRange(filter.Problems("population.filter").Select(SplitPath));
            if (Population.Limit is < 1 or > MaxLeads)
                problems.Add(("population.limit", $"between 1 and {MaxLeads}, not {Population.Limit}."));
            return problems.Count > before ? null : new PopulationSpec { Filter = filter, Limit = Population.Limit ?? MaxLeads };
        }
        var synthetic = Population.Synthetic!;
        var errors = synthetic.Problems().Select(p => ($"population.synthetic.{p.Field}", p.Message)).ToList();
        problems.AddRange(errors);
        return errors.Count > 0 ? null : new PopulationSpec { Synthetic = synthetic };
    }

    /// <summary>"population.filter.value: needs…" → ("population.filter.value", "needs…").</summary>
    private static (string, string) SplitPath(string problem)
    {
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? ("population.filter", problem) : (problem[..colon], problem[(colon + 2)..]);
    }
}

public sealed record PopulationRequest
{
    public SyntheticPopulation? Synthetic { get; init; }

    /// <summary>Real leads matching the condition, copied into the simulation as they are now.</summary>
    public LeadCondition? Filter { get; init; }

    /// <summary>At most this many of the matching leads (100,000 by default).</summary>
    public int? Limit { get; init; }
}

/// <summary>Rates and delays replacing a template's learned ones; what is not given stays as learned.</summary>
public sealed record ResponseOverride
{
    public double? Open { get; init; }
    public double? Click { get; init; }
    public double? Download { get; init; }
    public string? OpenDelay { get; init; }
    public string? ClickDelay { get; init; }
    public string? DownloadDelay { get; init; }

    public IEnumerable<(string Field, string Message)> Problems()
    {
        foreach (var (name, rate) in new[] { ("open", Open), ("click", Click), ("download", Download) })
        {
            if (rate is { } r && (r is < 0 or > 1 || double.IsNaN(r)))
                yield return (name, $"a rate between 0 and 1, not {r}.");
        }
        foreach (var (name, delay) in new[] { ("openDelay", OpenDelay), ("clickDelay", ClickDelay), ("downloadDelay", DownloadDelay) })
        {
            if (delay is not null && !Durations.TryParse(delay, out _))
                yield return (name, $"an ISO 8601 duration (\"PT6H\"), not '{delay}'.");
        }
    }

    public ResponseRates Over(ResponseRates learned) => learned with
    {
        Open = Open ?? learned.Open,
        Click = Click ?? learned.Click,
        Download = Download ?? learned.Download,
        OpenDelay = Delay(OpenDelay) ?? learned.OpenDelay,
        ClickDelay = Delay(ClickDelay) ?? learned.ClickDelay,
        DownloadDelay = Delay(DownloadDelay) ?? learned.DownloadDelay,
        Source = "override",
    };

    private static TimeSpan? Delay(string? text) => Durations.TryParse(text, out var delay) ? delay : null;
}

/// <summary>The checked request: what one simulation needs.</summary>
public sealed record SimulationSettings
{
    public required PopulationSpec Population { get; init; }

    /// <summary>The published version to simulate; null for the draft, or the version in force when there is none.</summary>
    public int? Version { get; init; }

    public TimeSpan Horizon { get; init; } = SimulationRequest.DefaultHorizon;
    public int Seed { get; init; } = 1;
    public int Runs { get; init; } = 1;
    public IReadOnlyDictionary<string, ResponseOverride> Responses { get; init; } = new Dictionary<string, ResponseOverride>();
    public TimeSpan? RepAcceptAfter { get; init; } = SimulationRequest.DefaultRepAcceptAfter;

    /// <summary>The step of simulated time: a response, a due timer or a held email waits for the next hour's pass.</summary>
    public TimeSpan Resolution { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The rates of every template: learned (or the prior), then this run's overrides, "*" first.</summary>
    public IReadOnlyDictionary<string, ResponseRates> RatesFor(IEnumerable<string> templates, IReadOnlyDictionary<string, ResponseRates> learned) =>
        templates.Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => Overridden(t, learned.GetValueOrDefault(t) ?? ResponseRates.Prior), StringComparer.Ordinal);

    /// <summary>For a template nobody knew of: the prior, under the "*" override.</summary>
    public ResponseRates Fallback => Overridden("*", ResponseRates.Prior);

    private ResponseRates Overridden(string template, ResponseRates rate)
    {
        if (Responses.TryGetValue("*", out var every))
            rate = every.Over(rate);
        if (template != "*" && Responses.TryGetValue(template, out var own))
            rate = own.Over(rate);
        return rate;
    }
}

public sealed record PopulationSpec
{
    public SyntheticPopulation? Synthetic { get; init; }
    public LeadCondition? Filter { get; init; }
    public int Limit { get; init; } = SimulationRequest.MaxLeads;
}
