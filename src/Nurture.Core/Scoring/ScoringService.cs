using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Scoring.Reliability;
using Nurture.Core.Signals;

namespace Nurture.Core.Scoring;

/// <summary>
/// Writes every score change as a ledger row and keeps each dimension equal to the sum of its rows:
/// engagement from signals (first matching rule, first-time-only, caps per day and in all), fit and
/// reliability from the profile (each rule's contribution brought to what it should be), quality blended.
/// </summary>
public sealed class ScoringService(ScoringModelProvider models)
{
    public const string Engagement = "engagement";
    public const string Fit = "fit";
    public const string Reliability = "reliability";

    private static readonly string[] NegativeSignals = [SignalTypes.Unsubscribe, SignalTypes.Bounce, SignalTypes.Complaint];

    public bool IsHandRaiser(Signal signal) => models.Current.IsHandRaiser(signal);

    /// <param name="earnedOnce">The lead's first-time-only rules as a batch read them; null asks the database.</param>
    /// <returns>The points added (0 when no rule matched, it had already fired, or a cap was reached).</returns>
    public async Task<int> ApplyAsync(NurtureDbContext db, Lead lead, Signal signal, EarnedOnce? earnedOnce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(signal);
        var model = models.Current;
        // A visit from before the visitor was known arrives late, with its own time: it never moves this back.
        if (!NegativeSignals.Contains(signal.Type) && (lead.LastEngagedAt is not { } last || signal.ReceivedAt > last))
            lead.LastEngagedAt = signal.ReceivedAt;
        var rule = model.Engagement.FirstOrDefault(r => SignalFilters.Matches(signal, r.Signal, r.Filters));
        if (rule is null || rule.Points == 0)
            return 0;
        var earned = db.ScoreEntries.Where(e => e.LeadId == lead.Id && e.Rule == rule.Name);
        if (rule.FirstTimeOnly && (earnedOnce is { } known && ReferenceEquals(known.Model, model) ? known.Rules.Contains(rule.Name) : await earned.AnyAsync(cancellationToken)))
            return 0;

        var points = rule.Points;
        var caps = new List<string>();
        if (points > 0 && rule.MaxPerDay is { } perDay)
        {
            var dayStart = new DateTimeOffset(signal.ReceivedAt.UtcDateTime.Date, TimeSpan.Zero);
            var today = await earned.Where(e => e.At >= dayStart).SumAsync(e => e.Delta, cancellationToken);
            points = Cap(points, today, perDay, $"daily cap of {perDay}", caps);
        }
        if (points > 0 && rule.Max is { } max)
            points = Cap(points, await earned.SumAsync(e => e.Delta, cancellationToken), max, $"cap of {max}", caps);

        // A capped signal is written too, at 0: the explanation shows which caps held points back.
        Record(db, lead, Engagement, points, caps.Count == 0 ? Describe(signal) : $"{Describe(signal)} ({string.Join(", ", caps)} reached: {rule.Points} → {points})",
            rule.Name, model.Version, signal.ReceivedAt, signal.Id);
        lead.EngagementScore += points;
        lead.QualityScore = model.QualityOf(lead);
        return points;
    }

    /// <summary>
    /// For a batch of leads, the first-time-only rules each has earned, in one query where each signal asked
    /// its own (a sixth of scoring's CPU in a profile of a backlog being worked off). Every lead asked for has
    /// an entry. Valid as stored when read, so for one signal per lead in a unit of work (a concurrent change
    /// fails its commit on the lead's revision).
    /// </summary>
    public async Task<Dictionary<Guid, EarnedOnce>> EarnedOnceAsync(NurtureDbContext db, IReadOnlyCollection<Guid> leadIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(leadIds);
        var model = models.Current;
        var rules = model.Engagement.Where(r => r.FirstTimeOnly).Select(r => r.Name).ToList();
        var earned = rules.Count == 0 ? [] : await db.ScoreEntries.AsNoTracking()
            .Where(e => leadIds.Contains(e.LeadId) && rules.Contains(e.Rule))
            .Select(e => new { e.LeadId, e.Rule })
            .Distinct()
            .ToListAsync(cancellationToken);
        var byLead = earned.ToLookup(e => e.LeadId, e => e.Rule);
        return leadIds.Distinct().ToDictionary(id => id, id => new EarnedOnce(model, byLead[id].ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Brings each fit rule's and reliability check's contribution to what the profile earns now, writing
    /// only the differences (a rule that starts or stops matching). <paramref name="checks"/> null leaves
    /// reliability as it is (the model does not score it, or nothing it depends on changed).
    /// </summary>
    public async Task RefreshProfileAsync(NurtureDbContext db, Lead lead, IReadOnlyList<ReliabilityCheck>? checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lead);
        var model = models.Current;
        var current = await CurrentByRuleAsync(db, lead.Id, cancellationToken);

        var targets = model.Fit.Select(r => (Rule: r, Matches: r.When!.Evaluate(lead)))
            .Select(f => (Dimension: Fit, f.Rule.Rule, Points: f.Matches ? f.Rule.Points : 0,
                Reason: f.Matches ? $"profile matches {f.Rule.When}" : $"profile no longer matches {f.Rule.When}"))
            .ToList();
        targets.AddRange(current.Keys.Where(k => k.Dimension == Fit && model.Fit.All(r => r.Rule != k.Rule))
            .Select(k => (Fit, k.Rule, 0, "rule no longer in the model")));
        if (checks is not null)
        {
            targets.AddRange(checks.Select(c => (Reliability, $"reliability.{c.Name}", c.Points, c.Reason)));
        }

        foreach (var (dimension, rule, points, reason) in targets)
        {
            var delta = points - current.GetValueOrDefault((dimension, rule));
            // A reliability check is written the first time even at 0: its reason ("disposable domain") explains the score.
            if (delta != 0 || (dimension == Reliability && !current.ContainsKey((dimension, rule))))
                Record(db, lead, dimension, delta, reason, rule, model.Version, now, null);
        }
        lead.FitScore = SumAfter(current, targets, Fit);
        if (checks is not null)
            lead.ReliabilityScore = SumAfter(current, targets, Reliability);
        lead.QualityScore = model.QualityOf(lead);
    }

    /// <summary>An engagement change not caused by a signal (decay, inactivity, a journey's AdjustScore, a recycle).</summary>
    public void AdjustEngagement(NurtureDbContext db, Lead lead, int delta, string reason, string rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lead);
        Record(db, lead, Engagement, delta, reason, rule, models.Current.Version, now, null);
        lead.EngagementScore += delta;
        lead.QualityScore = models.Current.QualityOf(lead);
    }

    private static int Cap(int points, int earned, int cap, string name, List<string> caps)
    {
        if (earned + points <= cap)
            return points;
        caps.Add(name);
        return Math.Max(0, cap - earned);
    }

    private static int SumAfter(Dictionary<(string Dimension, string Rule), int> current, List<(string Dimension, string Rule, int Points, string Reason)> targets, string dimension)
    {
        var byRule = current.Where(c => c.Key.Dimension == dimension).ToDictionary(c => c.Key.Rule, c => c.Value);
        foreach (var target in targets.Where(t => t.Dimension == dimension))
            byRule[target.Rule] = target.Points;
        return byRule.Values.Sum();
    }

    private static async Task<Dictionary<(string Dimension, string Rule), int>> CurrentByRuleAsync(NurtureDbContext db, Guid leadId, CancellationToken cancellationToken)
    {
        var saved = await db.ScoreEntries.AsNoTracking()
            .Where(e => e.LeadId == leadId && (e.Dimension == Fit || e.Dimension == Reliability))
            .GroupBy(e => new { e.Dimension, e.Rule })
            .Select(g => new { g.Key.Dimension, g.Key.Rule, Sum = g.Sum(e => e.Delta) })
            .ToListAsync(cancellationToken);
        var current = saved.ToDictionary(s => (s.Dimension, s.Rule), s => s.Sum);
        // Rows added in this unit of work and not saved yet count too.
        foreach (var pending in db.ChangeTracker.Entries<ScoreEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
                     .Where(e => e.LeadId == leadId && e.Dimension is Fit or Reliability))
            current[(pending.Dimension, pending.Rule)] = current.GetValueOrDefault((pending.Dimension, pending.Rule)) + pending.Delta;
        return current;
    }

    private static void Record(NurtureDbContext db, Lead lead, string dimension, int delta, string reason, string rule, int modelVersion, DateTimeOffset at, Guid? signalId) =>
        db.ScoreEntries.Add(new ScoreEntry
        {
            Id = Guid.CreateVersion7(at),
            LeadId = lead.Id,
            Dimension = dimension,
            Delta = delta,
            Reason = Columns.Fit(reason, ScoreEntry.ReasonLength),
            Rule = rule,
            ModelVersion = modelVersion,
            SignalId = signalId,
            At = at,
        });

    private static string Describe(Signal signal) => signal.Type switch
    {
        SignalTypes.Click => "clicked a link in an email",
        SignalTypes.Download => "downloaded an asset",
        SignalTypes.Open => "opened an email",
        SignalTypes.Form => "submitted a form",
        SignalTypes.PageView => "visited a page of the website",
        SignalTypes.PageEngaged => "spent time on a page of the website",
        SignalTypes.VideoProgress => "watched a video",
        SignalTypes.Unsubscribe => "unsubscribed",
        SignalTypes.Bounce => "the address bounced",
        SignalTypes.Complaint => "marked an email as spam",
        _ => $"signal '{signal.Type}'",
    };
}

/// <summary>The first-time-only rules a lead had earned when a batch read them, under the model they were read for.</summary>
public sealed record EarnedOnce(ScoringModel Model, IReadOnlySet<string> Rules);
