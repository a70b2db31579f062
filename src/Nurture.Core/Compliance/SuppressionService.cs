using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Compliance;

public enum SuppressionReason
{
    Unsubscribed,
    HardBounce,
    Complaint,
}

/// <summary>Why and how a lead stops receiving marketing.</summary>
public sealed record Suppression(SuppressionReason Reason, string Source, string Detail)
{
    public Guid? MessageId { get; init; }
    public HitInfo? Hit { get; init; }
}

/// <summary>
/// Stops marketing to a lead at once, inside the caller's transaction: the lead is marked, queued marketing
/// emails are cancelled, the lead leaves every journey, and a signal row records it (bounces and complaints
/// cost score through the scoring model once the signal is processed).
/// </summary>
public sealed class SuppressionService(JourneyRunner journeys)
{
    /// <returns>The signal to enqueue after the commit, or null when the lead was already suppressed for this reason.</returns>
    public async Task<Signal?> ApplyAsync(NurtureDbContext db, Lead lead, Suppression suppression, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(suppression);
        if (!Mark(lead, suppression.Reason, now))
            return null;
        lead.MarkChanged(now);

        var hit = suppression.Hit?.Fitted();
        var signal = new Signal
        {
            Id = Guid.CreateVersion7(now),
            LeadId = lead.Id,
            Type = SignalTypeOf(suppression.Reason),
            Source = suppression.Source,
            MessageId = suppression.MessageId,
            LabelReason = Columns.Fit(suppression.Detail, Signal.LabelReasonLength),
            IpAddress = hit?.IpAddress,
            UserAgent = hit?.UserAgent,
            OccurredAt = now,
            ReceivedAt = now,
        };
        db.Signals.Add(signal);
        if (suppression.Reason == SuppressionReason.Unsubscribed)
        {
            db.ConsentRecords.Add(new ConsentRecord
            {
                Id = Guid.CreateVersion7(now),
                LeadId = lead.Id,
                Kind = ConsentKinds.Unsubscribed,
                Source = suppression.Source,
                Detail = Columns.Fit(suppression.Detail, ConsentRecord.DetailLength),
                IpAddress = signal.IpAddress,
                UserAgent = signal.UserAgent,
                At = now,
            });
        }

        var queued = await db.Outbox
            .Where(m => m.LeadId == lead.Id && m.Kind == MessageKind.Marketing && m.Status == OutboxStatus.Pending)
            .ToListAsync(cancellationToken);
        // Identity resolution hands back tracked rows with their in-memory state: the message being bounced
        // right now is already Failed and must stay so.
        foreach (var message in queued.Where(m => m.IsPending))
            message.Cancel($"lead suppressed ({suppression.Reason})");
        var active = await db.JourneyInstances.Where(i => i.LeadId == lead.Id && i.ActiveKey != null).ToListAsync(cancellationToken);
        foreach (var instance in active)
            await journeys.ExitAsync(db, instance, SignalTypeOf(suppression.Reason), cancellationToken);
        return signal;
    }

    private static bool Mark(Lead lead, SuppressionReason reason, DateTimeOffset now) => reason switch
    {
        SuppressionReason.Unsubscribed => lead.Unsubscribe(now),
        SuppressionReason.HardBounce => lead.MarkHardBounced(now),
        SuppressionReason.Complaint => lead.MarkComplained(now),
        _ => false,
    };

    public static string SignalTypeOf(SuppressionReason reason) => reason switch
    {
        SuppressionReason.Unsubscribed => SignalTypes.Unsubscribe,
        SuppressionReason.HardBounce => SignalTypes.Bounce,
        _ => SignalTypes.Complaint,
    };
}
