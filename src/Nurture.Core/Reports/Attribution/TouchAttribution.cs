namespace Nurture.Core.Reports.Attribution;

/// <param name="Credits">Each touch's share of each conversion; a conversion's shares sum to exactly 1.</param>
/// <param name="Unattributed">Conversions with no touch within the look-back window.</param>
public sealed record AttributionResult(IReadOnlyList<Credit> Credits, IReadOnlyList<Conversion> Unattributed);

/// <summary>Shares each conversion among the lead's touches within the look-back window before it, by a model.</summary>
public static class TouchAttribution
{
    public static AttributionResult Attribute(
        IEnumerable<Conversion> conversions, IEnumerable<Touch> touches, AttributionModel model, TimeSpan lookBack, TimeSpan halfLife)
    {
        ArgumentNullException.ThrowIfNull(conversions);
        ArgumentNullException.ThrowIfNull(touches);
        var byLead = touches.ToLookup(t => t.LeadId);
        var credits = new List<Credit>();
        var unattributed = new List<Conversion>();
        foreach (var conversion in conversions.OrderBy(c => c.At).ThenBy(c => c.LeadId))
        {
            // Oldest first; at the same moment, in the order of the funnel (the journey, then its email, then the click).
            var before = byLead[conversion.LeadId]
                .Where(t => t.At <= conversion.At && t.At >= conversion.At - lookBack)
                .OrderBy(t => t.At).ThenBy(t => t.Kind == TouchType.JourneyEntered ? -1 : (int)t.Kind)
                .ThenBy(t => t.Journey, StringComparer.Ordinal).ThenBy(t => t.Email, StringComparer.Ordinal).ThenBy(t => t.Asset, StringComparer.Ordinal)
                .ToList();
            if (before.Count == 0)
            {
                unattributed.Add(conversion);
                continue;
            }
            var shares = AttributionCredits.Share(model, [.. before.Select(t => conversion.At - t.At)], halfLife);
            credits.AddRange(before.Select((touch, i) => new Credit(conversion, touch, shares[i])));
        }
        return new AttributionResult(credits, unattributed);
    }
}
