using Microsoft.EntityFrameworkCore;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;

namespace Nurture.Core.Reports;

/// <summary>Content by funnel stage for a range: what each asset drew, how it moved leads on, and the gaps in the library.</summary>
public sealed record ContentResults(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AssetResults> Assets, IReadOnlyList<StageResults> Stages, IReadOnlyList<ContentGap> Gaps);

/// <param name="Leads">Distinct leads that consumed it.</param>
/// <param name="AverageSecondsOnPage">Mean seconds its page stayed visible, over the visits that reported it.</param>
/// <param name="ByStage">By the funnel stage its readers were in when they first consumed it.</param>
public sealed record AssetResults(
    string Name, string Title, string? Format, string? Stage, IReadOnlyList<string> Topics, bool Gated,
    int Downloads, int PageViews, int Leads, double? AverageSecondsOnPage, VideoReach Video, IReadOnlyList<StageRow> ByStage);

/// <summary>Distinct leads whose video progress reached each mark.</summary>
public sealed record VideoReach(int Quarter, int Half, int ThreeQuarters, int Complete);

/// <param name="Rate">Moved on, of the consumptions decided (moved on, or their 30 days over).</param>
public sealed record StageRow(string Stage, int Consumed, int MovedOn, int Open, double? Rate)
{
    public static StageRow Of(BuyerStage stage, StageOutcome outcome) =>
        new(BuyerStages.Name(stage), outcome.Consumed, outcome.MovedOn, outcome.Open, outcome.Rate is { } rate ? Math.Round(rate, 4) : null);
}

/// <param name="Assets">Assets written for this stage.</param>
/// <param name="Formats">The formats the stage's leads answered to, by distinct leads, with the stage's own assets of each.</param>
public sealed record StageResults(string Stage, int Assets, StageRow Outcome, IReadOnlyList<FormatDemand> Formats);

public sealed record FormatDemand(string Format, int Leads, int Assets);

/// <summary>A stage with no asset of a format its leads answer to, or with no asset at all.</summary>
public sealed record ContentGap(string Stage, string? Format, int Leads, string Message);

public sealed class ContentReport(IDbContextFactory<NurtureDbContext> databases, ContentLibrary library, ScoringModelProvider scoring, TimeProvider time)
{
    /// <summary>Leads of a stage that must answer to a format before its absence is a gap.</summary>
    public const int GapMinLeads = 3;

    public async Task<ContentResults> BuildAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (touches, timelines) = await LoadAsync(from, to, cancellationToken);
        return Build(library, touches, timelines, scoring.Current.MqlThreshold, from, to, time.GetUtcNow());
    }

    /// <summary>How each asset moved the leads of each stage on, over the last year: the recommender's evidence.</summary>
    public async Task<ContentPerformance> PerformanceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (touches, timelines) = await LoadAsync(now.AddDays(-365), now, cancellationToken);
        return ContentOutcomes.Compute(Consumptions(Resolve(library, touches)), timelines, scoring.Current.MqlThreshold, now);
    }

    /// <summary>The human content signals of the range, and the whole timeline of each lead behind them.</summary>
    private async Task<(IReadOnlyList<(Guid Lead, ContentTouch Touch)>, IReadOnlyDictionary<Guid, LeadTimeline>)> LoadAsync(
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Signals.AsNoTracking()
            .Where(s => ContentTouches.AllTypes.Contains(s.Type) && s.Label == SignalLabel.Human && s.PropertiesJson != null && s.OccurredAt >= from && s.OccurredAt <= to)
            .Select(s => new { s.LeadId, s.Type, s.PropertiesJson, s.OccurredAt })
            .ToListAsync(cancellationToken);
        var touches = rows.Select(r => (r.LeadId, ContentTouches.Touch(r.Type, r.PropertiesJson!, r.OccurredAt))).ToList();
        var leadIds = touches.Select(t => t.LeadId).Distinct().ToList();
        var stages = (await db.StageTransitions.AsNoTracking().Where(t => leadIds.Contains(t.LeadId))
            .Select(t => new { t.LeadId, t.At, t.To }).ToListAsync(cancellationToken)).ToLookup(t => t.LeadId);
        var engagement = (await db.ScoreEntries.AsNoTracking().Where(e => leadIds.Contains(e.LeadId) && e.Dimension == ScoringService.Engagement)
            .Select(e => new { e.LeadId, e.At, e.Delta }).ToListAsync(cancellationToken)).ToLookup(e => e.LeadId);
        var timelines = leadIds.ToDictionary(id => id, id => new LeadTimeline(
            stages[id].Select(s => (s.At, s.To)), engagement[id].Select(e => (e.At, e.Delta))));
        return (touches, timelines);
    }

    /// <summary>The touches whose asset the library knows, each with it.</summary>
    private static List<(Guid Lead, ContentTouch Touch, LibraryAsset Asset)> Resolve(ContentLibrary library, IEnumerable<(Guid Lead, ContentTouch Touch)> touches) =>
        [.. touches.Select(t => (t.Lead, t.Touch, Asset: library.Resolve(t.Touch))).Where(t => t.Asset is not null).Select(t => (t.Lead, t.Touch, t.Asset!))];

    private static IEnumerable<Consumption> Consumptions(IEnumerable<(Guid Lead, ContentTouch Touch, LibraryAsset Asset)> resolved) =>
        resolved.Where(t => t.Touch.Consumes).Select(t => new Consumption(t.Lead, t.Asset.Name, t.Touch.At));

    /// <summary>The report from touches and timelines already read: what the tests give it directly.</summary>
    public static ContentResults Build(
        ContentLibrary library, IReadOnlyList<(Guid Lead, ContentTouch Touch)> touches, IReadOnlyDictionary<Guid, LeadTimeline> timelines,
        int mqlThreshold, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(touches);
        var assets = library.All;
        var resolved = Resolve(library, touches);
        var consumptions = ContentOutcomes.First(Consumptions(resolved)).ToList();
        var performance = ContentOutcomes.Compute(consumptions, timelines, mqlThreshold, now);
        var byAsset = resolved.ToLookup(t => t.Asset.Name);

        var results = assets.Select(asset =>
        {
            var mine = byAsset[asset.Name].ToList();
            var seconds = mine.Where(t => t.Touch.Kind == TouchKind.TimeOnPage && t.Touch.Seconds is not null).Select(t => (double)t.Touch.Seconds!.Value).ToList();
            int Reached(int mark) => mine.Where(t => t.Touch.Kind == TouchKind.Video && t.Touch.Percent >= mark).Select(t => t.Lead).Distinct().Count();
            var meta = asset.Metadata;
            return new AssetResults(asset.Name, asset.Title,
                meta.Format is { } f ? NextBestContent.FormatName(f, 1) : null, meta.Stage is { } s ? BuyerStages.Name(s) : null, meta.Topics, meta.Gated,
                mine.Count(t => t.Touch.Kind == TouchKind.Download), mine.Count(t => t.Touch.Kind == TouchKind.PageView),
                mine.Where(t => t.Touch.Consumes).Select(t => t.Lead).Distinct().Count(),
                seconds.Count == 0 ? null : Math.Round(seconds.Average(), 1),
                new VideoReach(Reached(25), Reached(50), Reached(75), Reached(100)),
                [.. Enum.GetValues<BuyerStage>().Select(stage => StageRow.Of(stage, performance.Of(asset.Name, stage)))]);
        }).ToList();

        // Which formats each stage's leads answered to: the stage each lead was in when it consumed.
        var demand = consumptions
            .Select(c => (c.LeadId, c.At, library.Find(c.Asset)!.Metadata.Format))
            .Where(c => c.Format is not null && timelines.ContainsKey(c.LeadId))
            .Select(c => (Stage: timelines[c.LeadId].BuyerStageAt(c.At, mqlThreshold), Format: c.Format!.Value, c.LeadId))
            .Distinct()
            .GroupBy(d => (d.Stage, d.Format))
            .ToDictionary(g => g.Key, g => g.Count());
        var stages = new List<StageResults>();
        var gaps = new List<ContentGap>();
        foreach (var stage in Enum.GetValues<BuyerStage>())
        {
            var written = assets.Where(a => a.Metadata.Stage == stage).ToList();
            var formats = demand.Where(d => d.Key.Stage == stage)
                .Select(d => new FormatDemand(NextBestContent.FormatName(d.Key.Format, 1), d.Value, written.Count(a => a.Metadata.Format == d.Key.Format)))
                .OrderByDescending(d => d.Leads).ThenBy(d => d.Format, StringComparer.Ordinal).ToList();
            stages.Add(new StageResults(BuyerStages.Name(stage), written.Count, StageRow.Of(stage, performance.Baseline(stage)), formats));
            var name = BuyerStages.Name(stage);
            if (written.Count == 0)
                gaps.Add(new ContentGap(name, null, 0, $"No asset is written for the {name} stage."));
            foreach (var format in formats.Where(f => f.Assets == 0 && f.Leads >= GapMinLeads))
                gaps.Add(new ContentGap(name, format.Format, format.Leads,
                    $"{format.Leads} {name}-stage leads answered to a {format.Format}, but no {format.Format} is written for the {name} stage."));
        }
        return new ContentResults(from, to, results, stages, gaps);
    }
}
