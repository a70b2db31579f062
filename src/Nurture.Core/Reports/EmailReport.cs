using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Reports;

/// <summary>One journey's email (template): what was sent and what the recipients did, machines apart.</summary>
public sealed record EmailResults(string? Journey, string? Template, int Sent, int Delivered, int Bounced, int HumanOpens, int MachineOpens, int Clicks, int Downloads, int Unsubscribes);

/// <summary>
/// Marketing emails queued in a range, per journey and template, with the hits on them. Opens are split by
/// label (Apple MPP, proxies and scanners are counted, as machine opens); clicks and downloads count humans only.
/// </summary>
public sealed class EmailReport(IDbContextFactory<NurtureDbContext> databases)
{
    public async Task<IReadOnlyList<EmailResults>> ForRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var emails = db.Outbox.AsNoTracking().Where(m => m.Kind == MessageKind.Marketing && m.CreatedAt >= from && m.CreatedAt <= to);

        var sent = await emails.GroupBy(m => new { m.JourneyId, m.TemplateName })
            .Select(g => new
            {
                g.Key.JourneyId,
                g.Key.TemplateName,
                Sent = g.Count(m => m.Status == OutboxStatus.Sent),
                Bounced = g.Count(m => m.Status == OutboxStatus.Failed || (m.Feedback != null && m.Feedback.StartsWith("bounce"))),
            })
            .ToListAsync(cancellationToken);

        // Joined on the lead too: signals are indexed by lead, then email.
        var hits = await emails.Join(db.Signals, m => new { m.LeadId, MessageId = (Guid?)m.Id }, s => new { LeadId = (Guid?)s.LeadId, s.MessageId }, (m, s) => new { m.JourneyId, m.TemplateName, s.Type, s.Label })
            .GroupBy(h => new { h.JourneyId, h.TemplateName, h.Type, h.Label })
            .Select(g => new { g.Key.JourneyId, g.Key.TemplateName, g.Key.Type, g.Key.Label, Count = g.Count() })
            .ToListAsync(cancellationToken);

        int Count(string? journey, string? template, string type, Func<SignalLabel, bool> label) =>
            hits.Where(h => h.JourneyId == journey && h.TemplateName == template && h.Type == type && label(h.Label)).Sum(h => h.Count);

        return sent.OrderBy(r => r.JourneyId, StringComparer.Ordinal).ThenBy(r => r.TemplateName, StringComparer.Ordinal)
            .Select(r => new EmailResults(r.JourneyId, r.TemplateName, r.Sent, Math.Max(0, r.Sent - r.Bounced), r.Bounced,
                Count(r.JourneyId, r.TemplateName, SignalTypes.Open, l => l == SignalLabel.Human),
                Count(r.JourneyId, r.TemplateName, SignalTypes.Open, l => l != SignalLabel.Human),
                Count(r.JourneyId, r.TemplateName, SignalTypes.Click, l => l == SignalLabel.Human),
                Count(r.JourneyId, r.TemplateName, SignalTypes.Download, l => l == SignalLabel.Human),
                Count(r.JourneyId, r.TemplateName, SignalTypes.Unsubscribe, l => l == SignalLabel.Human)))
            .ToList();
    }
}
