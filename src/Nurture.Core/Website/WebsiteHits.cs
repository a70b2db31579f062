using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Signals;

namespace Nurture.Core.Website;

/// <summary>
/// Records what the site's script reports. Nothing is stored without consent when consent is required, nor
/// for Do Not Track when it is honoured. A known visitor's hits are the lead's signals at once (scored,
/// matched to journeys); an anonymous visitor's wait in <see cref="WebsiteHit"/> rows for it to become known.
/// </summary>
public sealed class WebsiteHits(
    IDbContextFactory<NurtureDbContext> databases,
    SignalIntake inbox,
    VisitorIdentity identity,
    IOptions<WebsiteOptions> options,
    TimeProvider time)
{
    public async Task<PageHitOutcome> RecordAsync(PageHit hit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var settings = options.Value;
        if (settings.Find(hit.Site) is not { } site)
            return PageHitOutcome.UnknownSite;
        if (!PageHit.Types.Contains(hit.Type))
            return PageHitOutcome.Invalid;
        if ((settings.RequireConsent && !hit.Consent) || (settings.HonourDoNotTrack && hit.DoNotTrack))
            return PageHitOutcome.NotStored;

        var now = time.GetUtcNow();
        var (label, reason) = SiteHitClassifier.Classify(hit.Client.UserAgent, hit.NoScript);
        var leadId = hit.Visitor is { } visitorId ? await VisitorLeadAsync(visitorId, site.Key, hit.IdentityToken, now, cancellationToken) : null;
        var client = hit.Client.Fitted();
        var row = new WebsiteHit
        {
            Id = Guid.CreateVersion7(now),
            VisitorId = hit.Visitor,
            Site = site.Key,
            Type = hit.Type,
            PropertiesJson = JsonSerializer.Serialize(PageProperties.Of(hit)),
            Label = label,
            LabelReason = reason,
            IpAddress = client.IpAddress,
            UserAgent = client.UserAgent,
            OccurredAt = now,
        };
        if (leadId is { } lead)
        {
            // A known visitor's hit is the lead's signal at once, as its anonymous hits became when it was tied.
            await inbox.RecordHitAsync(VisitorIdentity.SignalOf(row, lead), null, cancellationToken);
            return PageHitOutcome.Recorded;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.WebsiteHits.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return PageHitOutcome.Recorded;
    }

    /// <summary>
    /// The visitor's lead: redeemed from the click's token when it brought one (tying the visitor, whose
    /// earlier hits join the lead), else the one it was tied to before. A new visitor is remembered.
    /// </summary>
    private async Task<Guid?> VisitorLeadAsync(Guid visitorId, string site, string? identityToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (identityToken is not null && await identity.RedeemAsync(identityToken, cancellationToken) is { } redeemed
            && await identity.TieAsync(visitorId, site, redeemed, "email click", cancellationToken) is not null)
            return redeemed;

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var visitor = await db.Visitors.SingleOrDefaultAsync(v => v.Id == visitorId, cancellationToken);
        if (visitor is null)
        {
            db.Visitors.Add(new Visitor { Id = visitorId, Site = site, FirstSeenAt = now, LastSeenAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same new visitor's first two hits at once: the other one remembered it.
            }
            return null;
        }
        // LastSeenAt is coarse on purpose: one write an hour per visitor, not one per page.
        if (now - visitor.LastSeenAt > TimeSpan.FromHours(1))
        {
            visitor.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return visitor.LeadId;
    }

    /// <summary>Drops the hits of visitors never identified, past <see cref="WebsiteOptions.AnonymousRetention"/>, and such visitors.</summary>
    public async Task<int> PurgeAnonymousAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var before = time.GetUtcNow() - options.Value.AnonymousRetention;
        var hits = await db.WebsiteHits.Where(h => h.OccurredAt < before).ExecuteDeleteAsync(cancellationToken);
        var visitors = await db.Visitors.Where(v => v.LeadId == null && v.LastSeenAt < before).ExecuteDeleteAsync(cancellationToken);
        return hits + visitors;
    }
}
