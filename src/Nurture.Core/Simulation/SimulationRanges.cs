namespace Nurture.Core.Simulation;

/// <summary>The lowest and highest value of a figure over the runs of one simulation.</summary>
public sealed record Spread(int Min, int Max)
{
    public static Spread Of(IEnumerable<int> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? new Spread(0, 0) : new Spread(list.Min(), list.Max());
    }
}

public sealed record StepSpread(string Id, Spread Entered, Spread Stuck);

/// <summary>
/// How much a figure moves from one seed to the next: a step's leads, the emails, the MQLs and each rep's
/// handoffs. A wide range says the population is too small to read the figure to the unit.
/// </summary>
public sealed record SimulationRanges(IReadOnlyList<StepSpread> Steps, Spread EmailsSent, Spread Mql, IReadOnlyDictionary<string, Spread> HandoffsByRep, Spread DeadEnds)
{
    public static SimulationRanges Of(IReadOnlyList<SimulationResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var steps = runs[0].Steps.Select(step => new StepSpread(step.Id,
            Spread.Of(runs.Select(r => r.Steps.Single(s => s.Id == step.Id).Entered)),
            Spread.Of(runs.Select(r => r.Steps.Single(s => s.Id == step.Id).Stuck)))).ToList();
        var reps = runs.SelectMany(r => r.Handoffs.Select(h => h.Rep)).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(rep => rep, rep => Spread.Of(runs.Select(r => r.Handoffs.FirstOrDefault(h => h.Rep == rep)?.Total ?? 0)));
        return new SimulationRanges(steps,
            Spread.Of(runs.Select(r => r.Emails.Sent)),
            Spread.Of(runs.Select(r => r.Mql.Crossed)),
            reps,
            Spread.Of(runs.Select(r => r.DeadEnds.Sum(d => d.Leads))));
    }
}
