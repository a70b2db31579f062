using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;

namespace Nurture.Core.Handoff;

/// <summary>What a lead did and how it scored, including rows not yet committed in this unit of work.</summary>
public static class LeadTimeline
{
    public static async Task<IReadOnlyList<Signal>> SignalsAsync(NurtureDbContext db, Guid leadId, CancellationToken cancellationToken)
    {
        var stored = await db.Signals.AsNoTracking().Where(s => s.LeadId == leadId).ToListAsync(cancellationToken);
        var pending = db.Signals.Local.Where(s => s.LeadId == leadId && db.Entry(s).State == EntityState.Added);
        return stored.Concat(pending).DistinctBy(s => s.Id).OrderBy(s => s.OccurredAt).ThenBy(s => s.Id).ToList();
    }

    public static async Task<IReadOnlyList<ScoreEntry>> LedgerAsync(NurtureDbContext db, Guid leadId, CancellationToken cancellationToken)
    {
        var stored = await db.ScoreEntries.AsNoTracking().Where(e => e.LeadId == leadId).ToListAsync(cancellationToken);
        var pending = db.ScoreEntries.Local.Where(e => e.LeadId == leadId && db.Entry(e).State == EntityState.Added);
        return stored.Concat(pending).DistinctBy(e => e.Id).OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
    }

    /// <summary>The asset of a download, the URL of a click, or nothing.</summary>
    public static string? Detail(Signal signal)
    {
        if (signal.PropertiesJson is null)
            return null;
        using var json = JsonDocument.Parse(signal.PropertiesJson);
        foreach (var name in new[] { "asset", "url", "form", "page" })
        {
            if (json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString();
        }
        return null;
    }
}
