using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>Why a message waits and until when; a hold is not a failed attempt.</summary>
public sealed record Hold(DateTimeOffset Until, string Reason);

/// <summary>
/// What may go out now, checked at send time (queueing time is too early: a lead's week fills up, a domain
/// blocks us, night falls): a policy pause on the recipient's domain, the lead's quiet hours, the weekly cap
/// across journeys (held back, never dropped; higher priority first), then the domain's rate limit.
/// </summary>
public sealed class SendPolicy(IOptions<EmailOptions> options, DomainRateLimiter rates)
{
    public static readonly TimeSpan CapWindow = TimeSpan.FromDays(7);

    /// <summary>The domains paused now: read once per claimed batch, not once per message.</summary>
    public static async Task<DomainPauses> PausesAsync(NurtureDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pauses = new DomainPauses();
        foreach (var alert in await db.DeliveryAlerts.AsNoTracking().Where(a => a.ResolvedAt == null && a.PausedUntil > now).ToListAsync(cancellationToken))
            pauses.Pause(alert.Domain, alert.PausedUntil, alert.Code);
        return pauses;
    }

    public async Task<Hold?> CheckAsync(NurtureDbContext db, DomainPauses pauses, OutboxMessage message, Lead? lead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind == MessageKind.Marketing && lead is not null)
        {
            var hold = Paused(pauses, message.RecipientDomain)
                ?? (message.IsResponse ? null : QuietHours(lead, now))
                ?? await OverCapAsync(db, message, lead, now, cancellationToken);
            if (hold is not null)
                return hold;
        }
        return rates.TryAcquire(message.RecipientDomain) is { } wait
            ? new Hold(now + wait, $"rate limit for {message.RecipientDomain}")
            : null;
    }

    private static Hold? Paused(DomainPauses pauses, string domain) =>
        pauses.Find(domain) is { } pause ? new Hold(pause.Until, $"{domain} refused our mail for policy ({pause.Code}); paused") : null;

    private Hold? QuietHours(Lead lead, DateTimeOffset now)
    {
        var hours = options.Value.SendingHours;
        if (!hours.IsConfigured)
            return null;
        var zone = lead.TimeZone ?? options.Value.DefaultTimeZone;
        var opening = hours.Hours.NextOpening(now, zone);
        return opening > now ? new Hold(opening, $"quiet hours in {zone}") : null;
    }

    private async Task<Hold?> OverCapAsync(NurtureDbContext db, OutboxMessage message, Lead lead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cap = options.Value.MaxMarketingPerWeek;
        if (cap <= 0)
            return null;
        var since = now - CapWindow;
        // One read of the lead's own emails, by its index: asked separately, "pending and due" reads every due email
        // of every lead (SQLite picks the status index), and a burst of n emails costs n² rows.
        var mine = await db.Outbox.AsNoTracking()
            .Where(m => m.LeadId == lead.Id && m.Kind == MessageKind.Marketing && (m.Status == OutboxStatus.Pending || (m.SentAt != null && m.SentAt > since)))
            .Select(m => new { m.Id, m.Status, m.SentAt, m.NextAttemptAt, m.Priority })
            .ToListAsync(cancellationToken);
        var sent = mine.Where(m => m.SentAt is { } at && at > since).Select(m => m.SentAt!.Value).ToList();
        // Emails of higher priority that are due as well take the free places first.
        var ahead = mine.Count(m => m.Id != message.Id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && m.Priority > message.Priority);
        if (sent.Count + ahead < cap)
            return null;

        // The place this email can take frees up when the k-th oldest email in the window turns 7 days old.
        sent.Sort();
        var k = sent.Count + ahead - cap;
        var until = (k < sent.Count ? sent[k] : now) + CapWindow;
        return new Hold(until, $"weekly cap of {cap} marketing emails reached (priority {message.Priority})");
    }
}
