namespace Nurture.Core.Simulation;

/// <summary>One run of a simulation: per step and per week, what the leads did, what was sent and who got the handoffs.</summary>
public sealed record SimulationResult
{
    public int Seed { get; init; }
    public int Leads { get; init; }
    public DateTimeOffset Start { get; init; }
    public DateTimeOffset End { get; init; }

    /// <summary>Weeks from the start; the last one ends at the horizon, whole or not.</summary>
    public int Weeks { get; init; }

    public required IReadOnlyList<StepFigures> Steps { get; init; }
    public required EmailFigures Emails { get; init; }
    public required MqlFigures Mql { get; init; }
    public required IReadOnlyList<RepFigures> Handoffs { get; init; }

    /// <summary>Leads that left a step through an outcome nothing is connected to, while the step's other outcomes lead on.</summary>
    public required IReadOnlyList<DeadEnd> DeadEnds { get; init; }
}

/// <param name="Entered">Executions of the step (a lead that loops through it counts each time).</param>
/// <param name="Stuck">Still waiting at the step at the horizon.</param>
/// <param name="Failed">Runs that faulted at the step, with the first reason.</param>
public sealed record StepFigures(
    string Id,
    string Type,
    int Entered,
    int Left,
    int Stuck,
    int Failed,
    string? FailedBecause,
    IReadOnlyList<int> EnteredByWeek,
    IReadOnlyList<int> WaitingByWeek,
    IReadOnlyList<int> LeftByWeek);

/// <param name="PerLeadByWeek">Marketing emails delivered per lead of the population, each week.</param>
/// <param name="MaxPerLeadInAWeek">The most one lead got in one week (from the start, in 7-day weeks).</param>
/// <param name="HeldByCap">Emails the weekly cap held at least once (sent later, or still held at the horizon).</param>
/// <param name="NotSent">Cancelled (unsubscribed, bounced), expired (held past Email:MaxHold) or still queued at the horizon.</param>
public sealed record EmailFigures(
    int Sent,
    IReadOnlyList<int> SentByWeek,
    IReadOnlyList<double> PerLeadByWeek,
    int MaxPerLeadInAWeek,
    int HeldByCap,
    int HeldByQuietHours,
    IReadOnlyList<int> HeldByCapByWeek,
    IReadOnlyList<int> HeldByQuietHoursByWeek,
    int NotSent,
    IReadOnlyDictionary<string, int> SentByTemplate);

/// <param name="Crossed">Leads that became MQLs during the simulation.</param>
/// <param name="MedianDays">From the start to the crossing, over those that crossed.</param>
public sealed record MqlFigures(int Crossed, IReadOnlyList<int> ByWeek, double? MedianDays);

/// <param name="Capacity">The most open handoffs the routing gives the rep (null: no limit).</param>
/// <param name="OpenAtWeekEnd">Handoffs not yet accepted at each week's end, to read against the capacity.</param>
public sealed record RepFigures(string Rep, int? Capacity, int Total, IReadOnlyList<int> ByWeek, IReadOnlyList<int> OpenAtWeekEnd, int PeakOpen);

public sealed record DeadEnd(string Step, string Outcome, int Leads);
