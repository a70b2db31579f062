using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Content;
using Nurture.Core.Data;

namespace Nurture.Core.Signals;

/// <summary>
/// What leads did with content, read from their human signals: downloads, page views and video progress. The
/// library decides which asset each is about; machine hits (scanners, proxies) never count as reading.
/// </summary>
public static class ContentTouches
{
    private static readonly string[] Types = [SignalTypes.Download, SignalTypes.PageView, SignalTypes.VideoProgress];

    /// <summary>The types that tell of content: the consuming ones, and the time spent on a page.</summary>
    public static readonly string[] AllTypes = [.. Types, SignalTypes.PageEngaged];

    /// <summary>Per lead, its consuming touches; every lead asked for has an entry.</summary>
    public static async Task<Dictionary<Guid, List<ContentTouch>>> OfLeadsAsync(NurtureDbContext db, IReadOnlyCollection<Guid> leadIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Signals.AsNoTracking()
            .Where(s => leadIds.Contains(s.LeadId) && Types.Contains(s.Type) && s.Label == SignalLabel.Human && s.PropertiesJson != null)
            .Select(s => new { s.LeadId, s.Type, s.PropertiesJson, s.OccurredAt })
            .ToListAsync(cancellationToken);
        var byLead = leadIds.Distinct().ToDictionary(id => id, _ => new List<ContentTouch>());
        foreach (var row in rows)
            byLead[row.LeadId].Add(Touch(row.Type, row.PropertiesJson!, row.OccurredAt));
        return byLead;
    }

    public static async Task<IReadOnlyList<ContentTouch>> OfLeadAsync(NurtureDbContext db, Guid leadId, CancellationToken cancellationToken) =>
        (await OfLeadsAsync(db, [leadId], cancellationToken))[leadId];

    /// <summary>The assets the touches downloaded, by name (what a template's <c>downloaded</c> lists).</summary>
    public static IReadOnlySet<string> Downloaded(IEnumerable<ContentTouch> touches) =>
        touches.Where(t => t.Kind == TouchKind.Download && t.Asset is not null).Select(t => t.Asset!).ToHashSet(StringComparer.Ordinal);

    /// <summary>One signal as a touch: <c>{"asset": …}</c> for a download; the page's address, its declared asset and the video's mark for the script's hits.</summary>
    public static ContentTouch Touch(string type, string propertiesJson, DateTimeOffset at)
    {
        using var document = JsonDocument.Parse(propertiesJson);
        var root = document.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        int? Number(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
        var kind = type switch
        {
            SignalTypes.Download => TouchKind.Download,
            SignalTypes.VideoProgress => TouchKind.Video,
            SignalTypes.PageEngaged => TouchKind.TimeOnPage,
            _ => TouchKind.PageView,
        };
        return new ContentTouch(kind, Text("asset"), Text("url"), at, Number("percent"), Number("seconds"));
    }
}
