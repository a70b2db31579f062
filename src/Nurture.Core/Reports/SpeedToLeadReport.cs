using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Messaging;

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
        var handoffs = await db.Handoffs.AsNoTracking().Where(h => h.CreatedAt >= from && h.CreatedAt <= to)
            .GroupJoin(db.Outbox, h => h.NotificationId, m => m.Id, (h, m) => new { h, m })
            .SelectMany(x => x.m.DefaultIfEmpty(), (x, m) => new Timing(x.h.CreatedAt, m == null ? null : m.SentAt, x.h.AcceptedAt))
            .ToListAsync(cancellationToken);

        var days = handoffs.GroupBy(t => t.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SpeedToLeadDay(g.Key, g.Count(), MedianNotify(g), MedianAccept(g)))
            .ToList();
        return new SpeedToLead(handoffs.Count, MedianNotify(handoffs), MedianAccept(handoffs), days);
    }

    private static double? MedianNotify(IEnumerable<Timing> handoffs) => Statistics.Median(handoffs.Select(t => t.NotifySeconds).OfType<double>());

    private static double? MedianAccept(IEnumerable<Timing> handoffs) => Statistics.Median(handoffs.Select(t => t.AcceptSeconds).OfType<double>());

    private sealed record Timing(DateTimeOffset CreatedAt, DateTimeOffset? NotifiedAt, DateTimeOffset? AcceptedAt)
    {
        public double? NotifySeconds => (NotifiedAt - CreatedAt)?.TotalSeconds;
        public double? AcceptSeconds => (AcceptedAt - CreatedAt)?.TotalSeconds;
    }
}
