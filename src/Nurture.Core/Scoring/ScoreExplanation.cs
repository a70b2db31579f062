using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Leads;

namespace Nurture.Core.Scoring;

/// <summary>"Why is this lead 87?": each dimension as the sum of its rules' rows, decay and caps included.</summary>
public sealed record ScoreExplanation(
    Guid LeadId,
    int ModelVersion,
    ScoreCard Scores,
    QualityWeights Weights,
    IReadOnlyList<DimensionExplanation> Dimensions,
    IReadOnlyList<LedgerRow> Ledger)
{
    /// <summary>True when every dimension shown equals the sum of its ledger rows (it always should).</summary>
    public bool Reconciles => Dimensions.All(d => d.Points == Ledger.Where(r => r.Dimension == d.Name).Sum(r => r.Delta));
}

/// <param name="Points">The dimension's points (the ledger's sum).</param>
/// <param name="Counted">What the quality blend uses: the points clamped to 0–100.</param>
public sealed record DimensionExplanation(string Name, int Points, int Counted, IReadOnlyList<RuleContribution> Rules, int Decay, IReadOnlyList<string> CapsHit);

public sealed record RuleContribution(string Rule, int Points, int Rows, string LastReason);

public sealed record LedgerRow(DateTimeOffset At, string Dimension, int Delta, string Reason, string Rule, int ModelVersion, Guid? SignalId);

public sealed class ScoreExplainer(IDbContextFactory<NurtureDbContext> databases, ScoringModelProvider models)
{
    /// <param name="qualify">Where the lead stands against the MQL rule (the handoff's own decision).</param>
    public async Task<ScoreExplanation?> ExplainAsync(Guid leadId, Func<Leads.Lead, MqlStatus> qualify, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
            return null;
        var rows = (await db.ScoreEntries.AsNoTracking().Where(e => e.LeadId == leadId).ToListAsync(cancellationToken))
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new LedgerRow(e.At, e.Dimension, e.Delta, e.Reason, e.Rule, e.ModelVersion, e.SignalId))
            .ToList();
        var model = models.Current;
        var unmatched = model.Fit.Select(r => new RuleContribution(r.Rule, 0, 0, $"profile does not match {r.When}"));
        var dimensions = new[]
        {
            Dimension(ScoringService.Fit, lead.FitScore, rows, unmatched),
            Dimension(ScoringService.Engagement, lead.EngagementScore, rows),
            Dimension(ScoringService.Reliability, lead.ReliabilityScore, rows),
        };
        return new ScoreExplanation(lead.Id, model.Version, ScoreCard.Of(lead, qualify(lead)), model.Weights, dimensions, rows);
    }

    /// <param name="silent">Rules of the model that never wrote a row, shown at 0 with why.</param>
    private static DimensionExplanation Dimension(string name, int points, List<LedgerRow> ledger, IEnumerable<RuleContribution>? silent = null)
    {
        var rows = ledger.Where(r => r.Dimension == name).ToList();
        var rules = rows.GroupBy(r => r.Rule)
            .Select(g => new RuleContribution(g.Key, g.Sum(r => r.Delta), g.Count(), g.Last().Reason))
            .ToList();
        rules.AddRange((silent ?? []).Where(s => rules.All(r => r.Rule != s.Rule)));
        rules = [.. rules.OrderByDescending(r => Math.Abs(r.Points)).ThenBy(r => r.Rule, StringComparer.Ordinal)];
        var caps = rows.Where(r => r.Reason.Contains("cap of", StringComparison.Ordinal)).Select(r => $"{r.At:u} {r.Rule}: {r.Reason}").ToList();
        return new DimensionExplanation(name, points, ScoringModel.Clamp(points), rules, rows.Where(r => r.Rule == "engagement.decay").Sum(r => r.Delta), caps);
    }
}
