using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Reports;

/// <summary>
/// One journey's email (template). Every queued email lands in one outcome: <c>Sent</c> (the receiving
/// server accepted it), of which <c>Delivered</c> did not bounce afterwards; <c>Bounced</c> (refused at
/// once with a 5xx, or a bounce report after acceptance); <c>Failed</c> (given up after retries);
/// <c>Expired</c> (held past Email:MaxHold); <c>Cancelled</c> (unsubscribed, suppressed, topic off);
/// <c>Pending</c>. Hits count twice: every human hit, and the distinct leads behind them (what a marketer
/// compares between emails: one lead opening ten times is one reader).
/// </summary>
public sealed record EmailResults(string? Journey, string? Template)
{
    public int Queued { get; init; }
    public int Sent { get; init; }
    public int Delivered { get; init; }
    public int Bounced { get; init; }
    public int Failed { get; init; }
    public int Expired { get; init; }
    public int Cancelled { get; init; }
    public int Pending { get; init; }
    public int HumanOpens { get; init; }
    public int UniqueOpens { get; init; }
    public int MachineOpens { get; init; }
    public int Clicks { get; init; }
    public int UniqueClicks { get; init; }
    public int Downloads { get; init; }
    public int UniqueDownloads { get; init; }
    public int Unsubscribes { get; init; }
}

/// <summary>Marketing emails queued in a range, per journey and template, with the hits on them; machine opens apart.</summary>
public sealed class EmailReport(IDbContextFactory<NurtureDbContext> databases)
{
    public async Task<IReadOnlyList<EmailResults>> ForRangeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var emails = db.Outbox.AsNoTracking().Where(m => m.Kind == MessageKind.Marketing && m.CreatedAt >= from && m.CreatedAt <= to);

        var outcomes = await emails
            .GroupBy(m => new { m.JourneyId, m.TemplateName, m.Status, Bounce = m.Feedback != null && m.Feedback.StartsWith("bounce") })
            .Select(g => new { g.Key.JourneyId, g.Key.TemplateName, g.Key.Status, g.Key.Bounce, Count = g.Count() })
            .ToListAsync(cancellationToken);

        // Joined on the lead too: signals are indexed by lead, then email.
        var hits = await emails.Join(db.Signals, m => new { m.LeadId, MessageId = (Guid?)m.Id }, s => new { LeadId = (Guid?)s.LeadId, s.MessageId },
                (m, s) => new { m.JourneyId, m.TemplateName, s.Type, Human = s.Label == SignalLabel.Human, s.LeadId })
            .GroupBy(h => new { h.JourneyId, h.TemplateName, h.Type, h.Human })
            .Select(g => new { g.Key.JourneyId, g.Key.TemplateName, g.Key.Type, g.Key.Human, Count = g.Count(), Leads = g.Select(h => h.LeadId).Distinct().Count() })
            .ToListAsync(cancellationToken);

        return outcomes.GroupBy(o => (o.JourneyId, o.TemplateName))
            .OrderBy(g => g.Key.JourneyId, StringComparer.Ordinal).ThenBy(g => g.Key.TemplateName, StringComparer.Ordinal)
            .Select(g =>
            {
                int Outcome(OutboxStatus status, bool? bounce = null) => g.Where(o => o.Status == status && (bounce is null || o.Bounce == bounce)).Sum(o => o.Count);
                var human = hits.Where(h => h.JourneyId == g.Key.JourneyId && h.TemplateName == g.Key.TemplateName && h.Human).ToDictionary(h => h.Type);
                int Hits(string type) => human.GetValueOrDefault(type)?.Count ?? 0;
                int Leads(string type) => human.GetValueOrDefault(type)?.Leads ?? 0;
                return new EmailResults(g.Key.JourneyId, g.Key.TemplateName)
                {
                    Queued = g.Sum(o => o.Count),
                    Sent = Outcome(OutboxStatus.Sent),
                    Delivered = Outcome(OutboxStatus.Sent, bounce: false),
                    Bounced = Outcome(OutboxStatus.Sent, bounce: true) + Outcome(OutboxStatus.Failed, bounce: true),
                    Failed = Outcome(OutboxStatus.Failed, bounce: false),
                    Expired = Outcome(OutboxStatus.Expired),
                    Cancelled = Outcome(OutboxStatus.Cancelled),
                    Pending = Outcome(OutboxStatus.Pending),
                    HumanOpens = Hits(SignalTypes.Open),
                    UniqueOpens = Leads(SignalTypes.Open),
                    MachineOpens = hits.Where(h => h.JourneyId == g.Key.JourneyId && h.TemplateName == g.Key.TemplateName && !h.Human && h.Type == SignalTypes.Open).Sum(h => h.Count),
                    Clicks = Hits(SignalTypes.Click),
                    UniqueClicks = Leads(SignalTypes.Click),
                    Downloads = Hits(SignalTypes.Download),
                    UniqueDownloads = Leads(SignalTypes.Download),
                    Unsubscribes = Leads(SignalTypes.Unsubscribe),
                };
            })
            .ToList();
    }
}
