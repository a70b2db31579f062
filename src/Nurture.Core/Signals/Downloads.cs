using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Signals;

/// <summary>What leads downloaded, read from their download signals: the "recommended next asset" skips them.</summary>
public static class Downloads
{
    /// <summary>Per lead, the assets it downloaded (human hits only), for the "recommended next asset"; every lead asked for has an entry.</summary>
    public static async Task<Dictionary<Guid, HashSet<string>>> OfLeadsAsync(NurtureDbContext db, IReadOnlyCollection<Guid> leadIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var downloads = await db.Signals.AsNoTracking()
            .Where(s => leadIds.Contains(s.LeadId) && s.Type == SignalTypes.Download && s.Label == SignalLabel.Human && s.PropertiesJson != null)
            .Select(s => new { s.LeadId, s.PropertiesJson })
            .ToListAsync(cancellationToken);
        var byLead = downloads.ToLookup(d => d.LeadId, d => d.PropertiesJson!);
        return leadIds.Distinct().ToDictionary(id => id, id => AssetNames(byLead[id]));
    }

    /// <summary>Assets the lead downloaded (human hits only).</summary>
    public static async Task<IReadOnlySet<string>> OfLeadAsync(NurtureDbContext db, Guid leadId, CancellationToken cancellationToken) =>
        (await OfLeadsAsync(db, [leadId], cancellationToken))[leadId];

    /// <summary>The asset names in download signals' properties (<c>{"asset": "…"}</c>).</summary>
    private static HashSet<string> AssetNames(IEnumerable<string> propertiesJson)
    {
        ArgumentNullException.ThrowIfNull(propertiesJson);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var json in propertiesJson)
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.TryGetProperty("asset", out var asset) && asset.GetString() is { } name)
                names.Add(name);
        }
        return names;
    }
}
