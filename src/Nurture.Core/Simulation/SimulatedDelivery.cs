using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;

namespace Nurture.Core.Simulation;

/// <summary>
/// The outbox delivered as the dispatcher decides (<see cref="OutboxDispatcher.MayGoAsync"/>: cancelled, held
/// by quiet hours or the weekly cap, expired, or sent), in rounds of many leads and one commit each instead of a
/// commit per email. A round takes each lead's first due email, so the cap's check of its next one sees it
/// sent. Nothing is handed to a transport: sent means recorded as sent at the simulated time.
/// </summary>
public sealed class SimulatedDelivery(IDbContextFactory<NurtureDbContext> databases, OutboxDispatcher dispatcher, TimeProvider time)
{
    private const int RoundSize = 500;

    /// <returns>The marketing emails this pass sent to a lead, and those it held, with why.</returns>
    public async Task<DeliveryPass> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decided = new HashSet<Guid>();
        var pass = new DeliveryPass([], []);
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            // Hundreds of emails are tracked here: detecting changes before every query would cost O(n²).
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var due = (await db.Outbox.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                    .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(RoundSize).ToListAsync(cancellationToken))
                .Where(m => !decided.Contains(m.Id)).ToList();
            if (due.Count == 0)
                return pass;
            var round = due.GroupBy(m => m.LeadId ?? m.Id).Select(g => g.First()).ToList();
            var leadIds = round.Where(m => m.LeadId is not null).Select(m => m.LeadId!.Value).ToList();
            var leads = await db.Leads.AsNoTracking().Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
            var pauses = await SendPolicy.PausesAsync(db, now, cancellationToken);
            foreach (var message in round)
            {
                decided.Add(message.Id);
                if (!await dispatcher.MayGoAsync(db, pauses, message, message.LeadId is { } id ? leads.GetValueOrDefault(id) : null, now, cancellationToken))
                {
                    if (message.IsPending && message.Kind == MessageKind.Marketing)
                        pass.Held.Add((message.Id, message.LastError ?? ""));
                    continue;
                }
                message.BeginAttempt();
                message.MarkSent(now);
                if (message.Kind == MessageKind.Marketing && message.LeadId is { } leadId)
                    pass.Sent.Add(new SentMessage(message.Id, leadId, message.Recipient, message.TemplateName ?? ""));
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>What one delivery pass did with the marketing emails it decided.</summary>
public sealed record DeliveryPass(List<SentMessage> Sent, List<(Guid Id, string Reason)> Held);

public sealed record SentMessage(Guid Id, Guid LeadId, string Recipient, string Template);
