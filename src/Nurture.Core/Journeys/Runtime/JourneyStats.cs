using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>Per activity of a journey (all versions): leads waiting there now, leads that passed through, leads that ended there.</summary>
public sealed record ActivityStats(string ActivityId, int Waiting, int Passed, int Exited);

public static class JourneyStatistics
{
    public static async Task<IReadOnlyList<ActivityStats>> ForJourneyAsync(NurtureDbContext db, string journeyId, CancellationToken cancellationToken)
    {
        var instances = db.JourneyInstances.Where(i => i.JourneyId == journeyId);
        var waiting = await instances.Where(i => i.Status == JourneyInstanceStatus.Waiting)
            .GroupBy(i => i.CurrentActivityId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var ended = await instances.Where(i => i.Status == JourneyInstanceStatus.Completed || i.Status == JourneyInstanceStatus.Faulted)
            .GroupBy(i => i.CurrentActivityId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var passed = await db.Journal
            .Where(j => j.Event == JournalEvent.Executed && instances.Select(i => i.Id).Contains(j.InstanceId))
            .Select(j => new { j.ActivityId, j.InstanceId }).Distinct()
            .GroupBy(j => j.ActivityId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        return waiting.Keys.Union(ended.Keys).Union(passed.Keys).Order(StringComparer.Ordinal)
            .Select(id => new ActivityStats(id, waiting.GetValueOrDefault(id), passed.GetValueOrDefault(id), ended.GetValueOrDefault(id)))
            .ToList();
    }
}
