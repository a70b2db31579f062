using Microsoft.EntityFrameworkCore;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Reports.Attribution;

/// <summary>What to attribute: conversions to a stage (or journey goals) within a range, under one model.</summary>
/// <param name="Stage">Mql, Sal, Sql or Customer; <see cref="AttributionReport.Goal"/> for journey goals; null for the four stages.</param>
public sealed record AttributionQuery(AttributionModel Model, string? Stage, DateTimeOffset From, DateTimeOffset To, TimeSpan LookBack, TimeSpan HalfLife);

/// <param name="Credit">Conversions credited to it under the model (shares summed).</param>
/// <param name="Touched">Conversions it had a touch in.</param>
/// <param name="MedianDaysToConvert">From the lead's first touch to the conversion, over the conversions it touched.</param>
public sealed record AttributionRow(string Key, decimal Credit, int Touched, double? MedianDaysToConvert);

/// <param name="Conversions">Conversions in the range; each one's credit sums to 1 over its touches.</param>
/// <param name="Unattributed">Conversions with no human touch in the look-back window: in no row.</param>
public sealed record AttributionResults(
    string Model, string? Stage, DateTimeOffset From, DateTimeOffset To, double LookBackDays, double HalfLifeDays,
    int Conversions, int Unattributed,
    IReadOnlyList<AttributionRow> Journeys, IReadOnlyList<AttributionRow> Emails, IReadOnlyList<AttributionRow> Assets, IReadOnlyList<AttributionRow> Pages);

/// <summary>
/// Which journeys, emails, assets and pages earned each conversion: the touches a lead met before reaching a
/// stage (emails delivered and clicked, assets downloaded, pages visited, journeys entered; human hits only),
/// each conversion's one unit of credit shared among them by the model.
/// </summary>
public sealed class AttributionReport(IDbContextFactory<NurtureDbContext> databases, ContentLibrary library)
{
    public const string Goal = "Goal";

    /// <summary>The stages a conversion reaches, when none is asked for.</summary>
    public static readonly LeadStage[] Stages = [LeadStage.Mql, LeadStage.Sal, LeadStage.Sql, LeadStage.Customer];

    public async Task<AttributionResults> BuildAsync(AttributionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var conversions = await ConversionsAsync(db, query, cancellationToken);
        var leads = conversions.Select(c => c.LeadId).Distinct().ToList();
        var touches = await TouchesAsync(db, leads, query.From - query.LookBack, query.To, cancellationToken);
        return Summarize(query, conversions.Count, TouchAttribution.Attribute(conversions, touches, query.Model, query.LookBack, query.HalfLife));
    }

    private static async Task<List<Conversion>> ConversionsAsync(NurtureDbContext db, AttributionQuery query, CancellationToken cancellationToken)
    {
        if (query.Stage == Goal)
        {
            return [.. (await db.JourneyInstances.AsNoTracking()
                    .Where(i => i.ConvertedAt != null && i.ConvertedAt >= query.From && i.ConvertedAt <= query.To)
                    .Select(i => new { i.LeadId, i.ConvertedAt }).ToListAsync(cancellationToken))
                .Select(i => new Conversion(i.LeadId, Goal, i.ConvertedAt!.Value))];
        }
        LeadStage[] stages = query.Stage is null ? Stages : [Enum.Parse<LeadStage>(query.Stage)];
        return [.. (await db.StageTransitions.AsNoTracking()
                .Where(t => stages.Contains(t.To) && t.At >= query.From && t.At <= query.To)
                .Select(t => new { t.LeadId, t.To, t.At }).ToListAsync(cancellationToken))
            .Select(t => new Conversion(t.LeadId, t.To.ToString(), t.At))];
    }

    /// <summary>The human touches of the leads in the window: four reads, each over the converting leads only.</summary>
    private async Task<List<Touch>> TouchesAsync(NurtureDbContext db, List<Guid> leads, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var emails = await db.Outbox.AsNoTracking()
            .Where(m => m.LeadId != null && leads.Contains(m.LeadId.Value) && m.Kind == MessageKind.Marketing && m.Status == OutboxStatus.Sent
                && m.SentAt >= from && m.SentAt <= to)
            .Select(m => new { m.Id, LeadId = m.LeadId!.Value, m.JourneyId, m.TemplateName, SentAt = m.SentAt!.Value })
            .ToListAsync(cancellationToken);
        var byMessage = emails.ToDictionary(m => m.Id);
        string[] types = [SignalTypes.Click, SignalTypes.Download, SignalTypes.PageView];
        var signals = await db.Signals.AsNoTracking()
            .Where(s => leads.Contains(s.LeadId) && types.Contains(s.Type) && s.Label == SignalLabel.Human && s.OccurredAt >= from && s.OccurredAt <= to)
            .Select(s => new { s.LeadId, s.Type, s.MessageId, s.PropertiesJson, s.OccurredAt })
            .ToListAsync(cancellationToken);
        var journeys = await db.JourneyInstances.AsNoTracking()
            .Where(i => leads.Contains(i.LeadId) && i.StartedAt >= from && i.StartedAt <= to)
            .Select(i => new { i.LeadId, i.JourneyId, i.StartedAt })
            .ToListAsync(cancellationToken);

        var touches = emails.Select(m => new Touch(m.LeadId, TouchType.EmailDelivered, m.SentAt, m.JourneyId, m.TemplateName)).ToList();
        touches.AddRange(journeys.Select(i => new Touch(i.LeadId, TouchType.JourneyEntered, i.StartedAt, i.JourneyId)));
        foreach (var signal in signals)
        {
            var email = signal.MessageId is { } id ? byMessage.GetValueOrDefault(id) : null;
            var content = signal.PropertiesJson is null ? null : ContentTouches.Touch(signal.Type, signal.PropertiesJson, signal.OccurredAt);
            var asset = content is null ? null : library.Resolve(content)?.Name ?? content.Asset;
            touches.Add(signal.Type switch
            {
                SignalTypes.Click when email is not null => new Touch(signal.LeadId, TouchType.EmailClicked, signal.OccurredAt, email.JourneyId, email.TemplateName),
                SignalTypes.Download => new Touch(signal.LeadId, TouchType.AssetDownloaded, signal.OccurredAt, email?.JourneyId, email?.TemplateName, asset),
                SignalTypes.PageView => new Touch(signal.LeadId, TouchType.PageVisited, signal.OccurredAt, Asset: asset, Page: PathOf(content?.Url)),
                _ => new Touch(signal.LeadId, TouchType.EmailClicked, signal.OccurredAt), // a click outside any email (an API signal)
            });
        }
        return touches;
    }

    private static string? PathOf(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : null;

    /// <summary>The credits summed per journey, email, asset and page: the tables the report shows.</summary>
    public static AttributionResults Summarize(AttributionQuery query, int conversions, AttributionResult result)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(result);
        var firstTouch = result.Credits.GroupBy(c => c.Conversion).ToDictionary(g => g.Key, g => g.Min(c => c.Touch.At));
        List<AttributionRow> Rows(Func<Touch, string?> keyOf) =>
        [.. result.Credits.Where(c => keyOf(c.Touch) is not null)
            .GroupBy(c => keyOf(c.Touch)!)
            .Select(g =>
            {
                var touched = g.Select(c => c.Conversion).Distinct().ToList();
                var days = touched.Select(c => (c.At - firstTouch[c]).TotalDays).ToList();
                return new AttributionRow(g.Key, g.Sum(c => c.Share), touched.Count, Statistics.Median(days) is { } median ? Math.Round(median, 2) : null);
            })
            .OrderByDescending(r => r.Credit).ThenBy(r => r.Key, StringComparer.Ordinal)];
        return new AttributionResults(query.Model.ToString(), query.Stage, query.From, query.To, query.LookBack.TotalDays, query.HalfLife.TotalDays,
            conversions, result.Unattributed.Count, Rows(t => t.Journey), Rows(t => t.Email), Rows(t => t.Asset), Rows(t => t.Page));
    }
}
