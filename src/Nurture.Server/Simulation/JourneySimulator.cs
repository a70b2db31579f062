using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Simulation;
using Nurture.Core.Telemetry;

namespace Nurture.Server.Simulation;

/// <summary>
/// Simulates a journey for the API: learns the response rates from the real history, reads the population,
/// then runs the simulation once per seed, each on its own scratch engine, one after the other.
/// </summary>
public sealed class JourneySimulator(IServiceProvider host, IDbContextFactory<NurtureDbContext> databases, TemplateStore templates, TimeProvider time)
{
    // One at a time: a simulation keeps a core busy for seconds, and the server's own work needs the other.
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <param name="responses">The prospects' behaviour for a seed; by default, the rates learned from history with the request's overrides.</param>
    public async Task<SimulationAnswer> SimulateAsync(JourneyDefinition definition, string version, SimulationSettings settings, DateTimeOffset start,
        CancellationToken cancellationToken, Func<int, IResponseModel>? responses = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(settings);
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await RunAllAsync(definition, version, settings, start, responses, cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<SimulationAnswer> RunAllAsync(JourneyDefinition definition, string version, SimulationSettings settings, DateTimeOffset start,
        Func<int, IResponseModel>? responses, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        using var muted = NurtureMetrics.Mute();
        IReadOnlyDictionary<string, ResponseRates> learned;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
            learned = await ResponseHistory.LoadAsync(db, time.GetUtcNow(), cancellationToken);
        var rates = settings.RatesFor(templates.All.Select(t => t.Name), learned);

        var seeds = Enumerable.Range(settings.Seed, settings.Runs).ToList();
        var runs = new List<SimulationResult>();
        foreach (var seed in seeds)
        {
            // Read afresh for each run: a run's engine tracks and changes its own copies.
            var copied = settings.Population.Filter is { } filter ? await MatchingLeadsAsync(filter, settings.Population.Limit, cancellationToken) : null;
            await using var engine = await ScratchEngine.CreateAsync(host, start, cancellationToken);
            runs.Add(await engine.Simulation.RunAsync(definition, copied, settings, seed, responses?.Invoke(seed) ?? new RateResponses(rates, settings.Fallback, seed), cancellationToken));
        }
        return new SimulationAnswer
        {
            JourneyId = definition.Id,
            Version = version,
            Leads = runs[0].Leads,
            Start = start,
            End = start + settings.Horizon,
            Seeds = seeds,
            Responses = rates,
            Result = runs[0],
            Ranges = SimulationRanges.Of(runs),
            ElapsedSeconds = Math.Round(elapsed.Elapsed.TotalSeconds, 2),
        };
    }

    /// <summary>The real leads the condition picks, in id order, up to the limit; streamed, never tracked.</summary>
    private async Task<List<Lead>> MatchingLeadsAsync(Core.Leads.Conditions.LeadCondition filter, int limit, CancellationToken cancellationToken)
    {
        var matching = new List<Lead>();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await foreach (var lead in db.Leads.AsNoTracking().OrderBy(l => l.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!filter.Evaluate(lead))
                continue;
            matching.Add(lead);
            if (matching.Count == limit)
                break;
        }
        return matching;
    }
}
