using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Core.Simulation;

/// <summary>
/// What only the moment can tell, kept while a simulation runs: the leads waiting at each step at each week's
/// end, and the emails the cap or quiet hours held (a held email that goes later keeps no trace of its hold).
/// </summary>
internal sealed class SimulationObserver(DateTimeOffset start)
{
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private const string QuietHours = "quiet hours";
    private const string Cap = "weekly cap";

    private readonly List<IReadOnlyDictionary<string, int>> _waiting = [];
    private readonly Dictionary<Guid, (string Reason, int Week)> _holds = [];

    /// <summary>Per week, the leads waiting at each step at its end (at the horizon, for the last week).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, int>> WaitingAtWeekEnd => _waiting;

    public int WeekOf(DateTimeOffset at) => (int)((at - start).Ticks / Week.Ticks);

    public IReadOnlyList<int> HeldByWeek(bool byCap, int weeks)
    {
        var counts = new int[weeks];
        foreach (var (reason, week) in _holds.Values.Where(h => h.Reason == (byCap ? Cap : QuietHours)))
            counts[Math.Min(week, weeks - 1)]++;
        return counts;
    }

    /// <summary>
    /// Takes the snapshot of every week that ends by <paramref name="until"/>, before the clock moves there: nothing
    /// changed since the last pass. At the horizon, the last week (whole or not) gets its snapshot too.
    /// </summary>
    public async Task SnapshotUntilAsync(IDbContextFactory<NurtureDbContext> databases, string journeyId, DateTimeOffset until, CancellationToken cancellationToken,
        bool horizon = false)
    {
        while (start + Week * (_waiting.Count + 1) <= until || (horizon && start + Week * _waiting.Count < until))
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var waiting = await db.JourneyInstances.AsNoTracking()
                .Where(i => i.JourneyId == journeyId && i.Status == JourneyInstanceStatus.Waiting && i.CurrentActivityId != null)
                .GroupBy(i => i.CurrentActivityId!)
                .Select(g => new { Step = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Step, g => g.Count, cancellationToken);
            _waiting.Add(waiting);
        }
    }

    /// <summary>After a delivery pass: the marketing emails it held for quiet hours or the weekly cap, each counted once, in the week it was first held.</summary>
    public void NoteHolds(IEnumerable<(Guid Id, string Reason)> held, DateTimeOffset now)
    {
        foreach (var (id, why) in held)
        {
            var reason = why.StartsWith(QuietHours, StringComparison.Ordinal) ? QuietHours
                : why.StartsWith(Cap, StringComparison.Ordinal) ? Cap
                : null;
            if (reason is not null)
                _holds.TryAdd(id, (reason, WeekOf(now)));
        }
    }
}
