using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Tracking;

/// <summary>
/// Honours an unsubscribe at once (queued emails cancelled, journeys left, in one transaction), and the
/// preference page's per-topic choices, each recorded as consent evidence.
/// </summary>
public sealed class UnsubscribeService(
    IDbContextFactory<NurtureDbContext> databases,
    SuppressionService suppressions,
    SignalQueue queue,
    IOptions<EmailOptions> options,
    TimeProvider time)
{
    public IReadOnlyDictionary<string, string> Topics => options.Value.Topics;

    public async Task UnsubscribeAsync(TrackingToken token, HitInfo hit, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var signal = await ConflictRetry.RunAsync(databases, async db =>
        {
            var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == token.LeadId, cancellationToken);
            if (lead is null)
                return null;
            var suppression = new Suppression(SuppressionReason.Unsubscribed, source, "confirmed with a POST") { MessageId = token.MessageId, Hit = hit };
            return await suppressions.ApplyAsync(db, lead, suppression, time.GetUtcNow(), cancellationToken);
        }, cancellationToken);
        if (signal is not null)
            queue.Enqueue(signal.Id, signal.LeadId);
    }

    /// <returns>The lead's opted-out topics, or null when the lead no longer exists.</returns>
    public async Task<(IReadOnlyList<string> OptedOut, bool Unsubscribed)?> PreferencesAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        return lead is null ? null : (lead.OptedOutTopics, lead.UnsubscribedAt is not null);
    }

    /// <summary>Keeps the topics in <paramref name="wanted"/> and turns the others off; queued emails of those are cancelled.</summary>
    public Task SetTopicsAsync(TrackingToken token, IReadOnlyCollection<string> wanted, HitInfo hit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(wanted);
        return ConflictRetry.RunAsync(databases, async db =>
        {
            var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == token.LeadId, cancellationToken);
            if (lead is null)
                return false;
            var now = time.GetUtcNow();
            var optedOut = Topics.Keys.Where(t => !wanted.Contains(t)).Order(StringComparer.Ordinal).ToList();
            foreach (var topic in optedOut.Except(lead.OptedOutTopics))
                db.ConsentRecords.Add(Record(lead, ConsentKinds.TopicOptOut, topic, hit, now));
            foreach (var topic in lead.OptedOutTopics.Except(optedOut))
                db.ConsentRecords.Add(Record(lead, ConsentKinds.TopicOptIn, topic, hit, now));
            lead.OptedOutTopics = optedOut;
            lead.MarkChanged(now);

            var queued = await db.Outbox
                .Where(m => m.LeadId == lead.Id && m.Kind == MessageKind.Marketing && m.Status == OutboxStatus.Pending && m.Topic != null)
                .ToListAsync(cancellationToken);
            foreach (var message in queued.Where(m => optedOut.Contains(m.Topic!)))
                message.Cancel($"lead turned topic '{message.Topic}' off");
            return true;
        }, cancellationToken);
    }

    private static ConsentRecord Record(Lead lead, string kind, string topic, HitInfo hit, DateTimeOffset now)
    {
        var fitted = hit.Fitted();
        return new()
        {
            Id = Guid.CreateVersion7(now),
            LeadId = lead.Id,
            Kind = kind,
            Source = "preference page",
            Detail = $"topic '{topic}'",
            IpAddress = fitted.IpAddress,
            UserAgent = fitted.UserAgent,
            At = now,
        };
    }
}
