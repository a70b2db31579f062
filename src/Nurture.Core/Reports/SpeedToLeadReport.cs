using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Reports;

public sealed record SpeedToLead(int Handoffs, double? MedianNotifySeconds, double? MedianAcceptSeconds, IReadOnlyList<SpeedToLeadDay> Days);

public sealed record SpeedToLeadDay(string Day, int Handoffs, double? MedianNotifySeconds, double? MedianAcceptSeconds);

/// <summary>
/// How fast sales heard of and took up new MQLs: from the handoff (the moment the lead qualified) to the
/// rep's email leaving, and to the rep's accept; medians overall and per day (UTC).
/// </summary>
public sealed class SpeedToLeadReport(IDbContextFactory<NurtureDbContext> databases)
{
    public async Task<SpeedToLead> ForRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Handoffs.AsNoTracking().Where(h => h.CreatedAt >= from && h.CreatedAt <= to)
            .GroupJoin(db.Outbox, h => h.NotificationId, m => m.Id, (h, m) => new { h, m })
            .SelectMany(x => x.m.DefaultIfEmpty(), (x, m) => new { x.h.CreatedAt, x.h.AcceptedAt, NotifiedAt = m == null ? null : m.SentAt })
            .ToListAsync(cancellationToken);

        static double? Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            if (sorted.Count == 0)
                return null;
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        static IEnumerable<double> Notify(IEnumerable<(DateTimeOffset Created, DateTimeOffset? Accepted, DateTimeOffset? Notified)> r) =>
            r.Where(x => x.Notified is not null).Select(x => (x.Notified!.Value - x.Created).TotalSeconds);
        static IEnumerable<double> Accept(IEnumerable<(DateTimeOffset Created, DateTimeOffset? Accepted, DateTimeOffset? Notified)> r) =>
            r.Where(x => x.Accepted is not null).Select(x => (x.Accepted!.Value - x.Created).TotalSeconds);

        var all = rows.Select(r => (r.CreatedAt, r.AcceptedAt, r.NotifiedAt)).ToList();
        var days = all.GroupBy(r => r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SpeedToLeadDay(g.Key, g.Count(), Median(Notify(g)), Median(Accept(g))))
            .ToList();
        return new SpeedToLead(all.Count, Median(Notify(all)), Median(Accept(all)), days);
    }
}
