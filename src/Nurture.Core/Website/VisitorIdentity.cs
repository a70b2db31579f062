using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Links;
using Nurture.Core.Signals;

namespace Nurture.Core.Website;

/// <summary>
/// Ties a visitor to a lead: its anonymous hits become the lead's signals, with the time they happened (so
/// the ledger scores them as of then), in the same commit that names the lead on the visitor.
/// </summary>
public sealed class VisitorIdentity(IDbContextFactory<NurtureDbContext> databases, SpentTokens spent, TokenSigner signer, SignalQueue queue, TimeProvider time)
{
    public const string Source = "website";

    /// <summary>The lead a tracked click's token names, once: null when forged, expired or used before.</summary>
    public async Task<Guid?> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        if (!signer.TryVerify(token, TrackingKind.VisitorIdentity, time.GetUtcNow(), out var verified))
            return null;
        return await spent.TrySpendAsync(verified!.MessageId, verified.ExpiresAt, cancellationToken) ? verified.LeadId : null;
    }

    /// <returns>How many earlier hits joined the lead's timeline; null when the lead does not exist.</returns>
    public async Task<int?> TieAsync(Guid visitorId, string site, Guid leadId, string by, CancellationToken cancellationToken)
    {
        var moved = await ConflictRetry.RunAsync(databases, async db =>
        {
            if (!await db.Set<Leads.Lead>().AnyAsync(l => l.Id == leadId, cancellationToken))
                return (List<Signal>?)null;
            var now = time.GetUtcNow();
            var visitor = await db.Visitors.SingleOrDefaultAsync(v => v.Id == visitorId, cancellationToken);
            if (visitor is null)
                db.Visitors.Add(visitor = new Visitor { Id = visitorId, Site = site, FirstSeenAt = now, LastSeenAt = now });
            (visitor.LeadId, visitor.IdentifiedAt, visitor.IdentifiedBy) = (leadId, now, Columns.Fit(by, Visitor.IdentifiedByLength));
            var hits = await db.WebsiteHits.Where(h => h.VisitorId == visitorId).ToListAsync(cancellationToken);
            var signals = hits.Select(h => SignalOf(h, leadId)).ToList();
            db.Signals.AddRange(signals);
            db.WebsiteHits.RemoveRange(hits);
            return signals;
        }, cancellationToken);
        if (moved is null)
            return null;
        // Committed: the human ones go through scoring and journeys like any other signal.
        foreach (var signal in moved.Where(s => s.ProcessedAt is null))
            queue.Enqueue(signal.Id, signal.LeadId);
        return moved.Count;
    }

    /// <summary>The signal a site hit becomes once its visitor is known: received when it happened.</summary>
    public static Signal SignalOf(WebsiteHit hit, Guid leadId)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new Signal
        {
            Id = hit.Id,
            LeadId = leadId,
            Type = hit.Type,
            PropertiesJson = hit.PropertiesJson,
            Source = Source,
            Label = hit.Label,
            LabelReason = hit.LabelReason,
            IpAddress = hit.IpAddress,
            UserAgent = hit.UserAgent,
            OccurredAt = hit.OccurredAt,
            ReceivedAt = hit.OccurredAt,
            // Machine hits are kept, never processed (as from the tracking routes).
            ProcessedAt = hit.Label == SignalLabel.Human ? null : hit.OccurredAt,
        };
    }
}
