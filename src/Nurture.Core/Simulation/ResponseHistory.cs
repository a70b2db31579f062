using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Simulation;

/// <summary>
/// The response rates each template earned: over its marketing emails delivered in the window, the share a
/// person opened, clicked and downloaded from (machine hits never count), and the median delay of each
/// first response. A template with fewer than <see cref="MinDelivered"/> emails keeps the prior.
/// </summary>
public static class ResponseHistory
{
    public const int MinDelivered = 200;
    public static readonly TimeSpan Window = TimeSpan.FromDays(180);

    public static async Task<IReadOnlyDictionary<string, ResponseRates>> LoadAsync(NurtureDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var since = now - Window;
        var delivered = await db.Outbox.AsNoTracking()
            .Where(m => m.Kind == MessageKind.Marketing && m.SentAt != null && m.SentAt >= since && m.TemplateName != null)
            .GroupBy(m => m.TemplateName!)
            .Select(g => new { Template = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var enough = delivered.Where(d => d.Count >= MinDelivered).ToDictionary(d => d.Template, d => d.Count, StringComparer.Ordinal);
        if (enough.Count == 0)
            return new Dictionary<string, ResponseRates>(StringComparer.Ordinal);

        var templates = enough.Keys.ToList();
        var types = new[] { SignalTypes.Open, SignalTypes.Click, SignalTypes.Download };
        var hits = await (
                from s in db.Signals.AsNoTracking()
                join m in db.Outbox.AsNoTracking() on s.MessageId equals m.Id
                where s.Label == SignalLabel.Human && types.Contains(s.Type) && m.SentAt >= since && templates.Contains(m.TemplateName!)
                select new { Template = m.TemplateName!, s.Type, m.Id, s.OccurredAt, SentAt = m.SentAt!.Value })
            .ToListAsync(cancellationToken);

        var hitsByTemplate = hits.ToLookup(h => h.Template, StringComparer.Ordinal);
        var rates = new Dictionary<string, ResponseRates>(StringComparer.Ordinal);
        foreach (var (template, count) in enough)
        {
            // A message's first response of each type: a second click of the same email is not a second person.
            var firsts = hitsByTemplate[template]
                .GroupBy(h => (h.Id, h.Type))
                .Select(g => (g.Key.Type, Delay: g.Min(h => h.OccurredAt) - g.First().SentAt))
                .ToLookup(f => f.Type, f => f.Delay);
            rates[template] = new ResponseRates
            {
                Open = (double)firsts[SignalTypes.Open].Count() / count,
                Click = (double)firsts[SignalTypes.Click].Count() / count,
                Download = (double)firsts[SignalTypes.Download].Count() / count,
                OpenDelay = Median(firsts[SignalTypes.Open], ResponseRates.Prior.OpenDelay),
                ClickDelay = Median(firsts[SignalTypes.Click], ResponseRates.Prior.ClickDelay),
                DownloadDelay = Median(firsts[SignalTypes.Download], ResponseRates.Prior.DownloadDelay),
                Source = $"history: {count} emails since {since:yyyy-MM-dd}",
            };
        }
        return rates;
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> delays, TimeSpan none)
    {
        var sorted = delays.Where(d => d >= TimeSpan.Zero).Order().ToList();
        return sorted.Count == 0 ? none : sorted[sorted.Count / 2];
    }
}
