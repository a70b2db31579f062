using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;

namespace Nurture.Core.Handoff;

/// <summary>What a lead did and how it scored, including rows not yet committed in this unit of work.</summary>
public static class LeadTimeline
{
    /// <summary>A page of a lead's signals: the latest <paramref name="limit"/> before <paramref name="before"/> (oldest first), and how many are earlier still.</summary>
    public sealed record SignalPage(IReadOnlyList<Signal> Signals, int Earlier);

    /// <summary>
    /// The lead's latest signals, never all of them (a lead active for a year, or a replayed link, has thousands):
    /// a page read by the index on the lead, plus those added in this unit of work.
    /// </summary>
    public static async Task<SignalPage> SignalsAsync(NurtureDbContext db, Guid leadId, int limit, CancellationToken cancellationToken, DateTimeOffset? before = null)
    {
        var query = db.Signals.AsNoTracking().Where(s => s.LeadId == leadId && (before == null || s.OccurredAt < before));
        var stored = await query.OrderByDescending(s => s.OccurredAt).ThenByDescending(s => s.Id).Take(limit).ToListAsync(cancellationToken);
        var earlier = stored.Count < limit ? 0 : await query.CountAsync(cancellationToken) - stored.Count;
        var pending = before is null ? db.Signals.Local.Where(s => s.LeadId == leadId && db.Entry(s).State == EntityState.Added) : [];
        return new SignalPage(stored.Concat(pending).DistinctBy(s => s.Id).OrderBy(s => s.OccurredAt).ThenBy(s => s.Id).ToList(), earlier);
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
