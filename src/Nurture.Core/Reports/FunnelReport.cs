using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Reports;

namespace Nurture.Core.Reports;

/// <summary>The funnel for a date range, replayed from the stage transitions.</summary>
public sealed record Funnel(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<FunnelStage> Stages, IReadOnlyList<FunnelStep> Conversions);

/// <param name="Now">Leads in this stage today.</param>
/// <param name="Entered">Leads that entered it within the range.</param>
/// <param name="AverageHours">Mean time spent in the stage by those that left it (entered within the range).</param>
public sealed record FunnelStage(string Stage, int Now, int Entered, int Left, double? AverageHours, double? MedianHours);

/// <summary>Of the leads that entered <paramref name="From"/> within the range, how many went on to <paramref name="To"/> (by the range's end).</summary>
public sealed record FunnelStep(string From, string To, int Entered, int Converted, double Rate);

public sealed class FunnelReport(IDbContextFactory<NurtureDbContext> databases)
{
    public async Task<Funnel> BuildAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = await db.Leads.AsNoTracking().GroupBy(l => l.Stage).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var transitions = (await db.StageTransitions.AsNoTracking().Where(t => t.At <= to)
                .Select(t => new { t.LeadId, t.To, t.At }).ToListAsync(cancellationToken))
            .GroupBy(t => t.LeadId)
            .Select(g => g.OrderBy(t => t.At).ToList())
            .ToList();

        var stays = new Dictionary<LeadStage, List<double>>();
        var entered = new Dictionary<LeadStage, HashSet<Guid>>();
        foreach (var lead in transitions)
        {
            for (var i = 0; i < lead.Count; i++)
            {
                var entry = lead[i];
                if (entry.At < from)
                    continue;
                (entered.TryGetValue(entry.To, out var set) ? set : entered[entry.To] = []).Add(entry.LeadId);
                if (i + 1 < lead.Count)
                    (stays.TryGetValue(entry.To, out var list) ? list : stays[entry.To] = []).Add((lead[i + 1].At - entry.At).TotalHours);
            }
        }

        var stages = Enum.GetValues<LeadStage>().Select(stage =>
        {
            var hours = stays.GetValueOrDefault(stage) ?? [];
            return new FunnelStage(stage.ToString(), now.GetValueOrDefault(stage), entered.GetValueOrDefault(stage)?.Count ?? 0, hours.Count,
                hours.Count == 0 ? null : Math.Round(hours.Average(), 2), Statistics.Median(hours) is { } median ? Math.Round(median, 2) : null);
        }).ToList();

        var conversions = new List<FunnelStep>();
        // Along the way to customer; detours are counted, not chained.
        var path = LeadStages.Path;
        for (var i = 0; i + 1 < path.Length; i++)
        {
            var (stage, next) = (path[i], path[i + 1]);
            var cohort = entered.GetValueOrDefault(stage) ?? [];
            var converted = transitions.Count(lead => lead.Count > 0 && cohort.Contains(lead[0].LeadId)
                && lead.Any(t => t.To == stage && t.At >= from && lead.Any(later => later.To == next && later.At >= t.At)));
            conversions.Add(new FunnelStep(stage.ToString(), next.ToString(), cohort.Count, converted,
                cohort.Count == 0 ? 0 : Math.Round(converted / (double)cohort.Count, 4)));
        }
        return new Funnel(from, to, stages, conversions);
    }
}
