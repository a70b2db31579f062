using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Links;
using Nurture.Core.Signals;

namespace Nurture.Core.Tracking;

/// <summary>
/// Looks again, when a hit labelled human is processed, at every node's hits on the same email: the node that
/// answered a hit knows only the hits it answered itself, so a burst spread over nodes behind a load balancer,
/// or a scanner following the hidden link through one node and a real link through another, would pass as a
/// person. The evidence is what was committed up to the hit's own time (one read of the lead, email and time
/// index), so the label does not depend on which node answered or processed it.
/// </summary>
public sealed class HitReview(HitClassifier classifier, IOptions<TrackingOptions> options)
{
    /// <summary>Relabels the hit as a machine when the shared evidence says so.</summary>
    /// <returns>Whether the label changed.</returns>
    public async Task<bool> ReviewAsync(NurtureDbContext db, Signal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Label != SignalLabel.Human || signal.Source != TrackingService.Source || signal.MessageId is not { } messageId || signal.IpAddress is not { } ip)
            return false;
        var at = signal.ReceivedAt;
        var burstStart = at - options.Value.BurstWindow;
        var earlier = await db.Signals.AsNoTracking()
            .Where(s => s.LeadId == signal.LeadId && s.MessageId == messageId && s.ReceivedAt <= at && s.Id != signal.Id && s.IpAddress != null
                        && (s.ReceivedAt >= burstStart || s.Source == TrackingService.HoneypotSource))
            .Select(s => new { s.IpAddress, s.Source, s.ReceivedAt })
            .ToListAsync(cancellationToken);
        if (earlier.Count == 0)
            return false;
        var ips = earlier.Where(h => h.ReceivedAt >= burstStart).Select(h => h.IpAddress).Append(ip).Distinct(StringComparer.Ordinal).Count();
        var honeypot = earlier.Any(h => h.Source == TrackingService.HoneypotSource && h.IpAddress == ip);
        // The delivery window was judged when the hit came in; only the evidence of other hits is new here.
        var (label, reason) = classifier.Classify(signal.Type, signal.UserAgent, at, deliveredAt: null, new HitHistory(ips, honeypot));
        if (label == SignalLabel.Human)
            return false;
        (signal.Label, signal.LabelReason) = (label, reason);
        return true;
    }
}
