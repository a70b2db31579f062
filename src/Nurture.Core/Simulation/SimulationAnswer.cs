namespace Nurture.Core.Simulation;

/// <summary>
/// A simulation's answer: what was simulated, the response rates used per template (and where each comes
/// from), the first run's figures in full, and how the main figures range over every run's seed.
/// </summary>
public sealed record SimulationAnswer
{
    public required string JourneyId { get; init; }

    /// <summary>"draft", or the published version's number.</summary>
    public required string Version { get; init; }

    public int Leads { get; init; }
    public DateTimeOffset Start { get; init; }
    public DateTimeOffset End { get; init; }
    public required IReadOnlyList<int> Seeds { get; init; }
    public required IReadOnlyDictionary<string, ResponseRates> Responses { get; init; }
    public required SimulationResult Result { get; init; }
    public required SimulationRanges Ranges { get; init; }

    /// <summary>Wall-clock time of all runs together.</summary>
    public double ElapsedSeconds { get; init; }
}
