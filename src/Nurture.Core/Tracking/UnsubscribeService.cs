using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Tracking;

/// <summary>
/// Honours an unsubscribe at once, in one transaction: the lead is marked, queued marketing emails are
/// cancelled and the lead leaves every journey, so nothing more is sent after the confirmation.
/// </summary>
public sealed class UnsubscribeService(IDbContextFactory<NurtureDbContext> databases, JourneyRunner journeys, TimeProvider time)
{
    public async Task UnsubscribeAsync(TrackingToken token, HitInfo hit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == token.LeadId, cancellationToken);
            if (lead is null || lead.UnsubscribedAt is not null)
                return;

            var now = time.GetUtcNow();
            lead.UnsubscribedAt = now;
            lead.Touch(now);
            db.Signals.Add(new Signal
            {
                Id = Guid.CreateVersion7(now),
                LeadId = lead.Id,
                Type = SignalTypes.Unsubscribe,
                Source = "unsubscribe",
                MessageId = token.MessageId,
                LabelReason = "confirmed with a POST",
                IpAddress = hit.IpAddress,
                UserAgent = hit.UserAgent is { Length: > 512 } ua ? ua[..512] : hit.UserAgent,
                OccurredAt = now,
                ReceivedAt = now,
                ProcessedAt = now,
            });

            var queued = await db.Outbox
                .Where(m => m.LeadId == lead.Id && m.Kind == MessageKind.Marketing && m.Status == OutboxStatus.Pending)
                .ToListAsync(cancellationToken);
            foreach (var message in queued)
            {
                message.Status = OutboxStatus.Cancelled;
                message.LastError = "lead unsubscribed";
            }
            var active = await db.JourneyInstances.Where(i => i.LeadId == lead.Id && i.ActiveKey != null).ToListAsync(cancellationToken);
            foreach (var instance in active)
                await journeys.ExitAsync(db, instance, "unsubscribed", cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
            }
        }
    }
}
