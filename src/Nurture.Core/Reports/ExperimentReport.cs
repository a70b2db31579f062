using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Experiments;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Reports;

/// <param name="Exposures">Emails of the variant delivered whose window is over: the ones the test counts.</param>
/// <param name="Pending">Delivered, still inside their window: not counted yet (counting them would understate every rate).</param>
/// <param name="Low">The rate's Wilson 95 % interval (for reading; the decision is the sequential test's).</param>
/// <param name="VersusControl">Null for the control.</param>
public sealed record VariantResults(string Name, int Exposures, int Pending, int Conversions, double Rate, double Low, double High, Comparison? VersusControl);

/// <param name="State">"running", or "winner" once the test declared one.</param>
public sealed record ExperimentResults(
    string Key, string JourneyId, string JourneyName, string Step, string Metric, int Days, double Alpha, double Tau,
    string State, string? Winner, DateTimeOffset? DecidedAt, string? Why, IReadOnlyList<VariantResults> Variants);

/// <summary>
/// Every experiment of the published journeys: exposures and conversions per variant, each variant against the
/// control by the sequential test (at α divided by the comparisons), and the winner, declared once the test says
/// so; with <c>sendWinner</c>, the step sends it from then on.
/// </summary>
public sealed class ExperimentReport(
    IDbContextFactory<NurtureDbContext> databases, JourneyCatalog journeys, ExperimentWinners winners, TimeProvider time, ILogger<ExperimentReport> logger)
{
    public async Task<IReadOnlyList<ExperimentResults>> EvaluateAsync(CancellationToken cancellationToken)
    {
        var results = new List<ExperimentResults>();
        foreach (var journey in journeys.Published.OrderBy(j => j.Id, StringComparer.Ordinal))
        {
            foreach (var node in journey.Definition.Activities.Where(a => a.Type == "SendEmail"))
            {
                if (SendEmailActivity.ExperimentOf(journey.Id, node) is { } experiment)
                    results.Add(await EvaluateAsync(experiment, journey.Definition.Name, cancellationToken));
            }
        }
        return results;
    }

    private async Task<ExperimentResults> EvaluateAsync(EmailExperiment experiment, string journeyName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromDays(experiment.Settings.Days);
        var tallies = await TallyAsync(experiment, window, now, cancellationToken);
        var control = experiment.Variants[0].Name;
        // Each variant against the control; the false-positive rate split among the comparisons (Bonferroni).
        var alpha = experiment.Settings.Alpha / Math.Max(1, experiment.Variants.Count - 1);
        var variants = experiment.Variants.Select(v =>
        {
            var (tally, pending) = tallies.GetValueOrDefault(v.Name);
            var (low, high) = SequentialTest.Wilson(tally);
            var versus = v.Name == control ? null : SequentialTest.Compare(tallies.GetValueOrDefault(control).Tally, tally, alpha, experiment.Settings.Tau);
            return new VariantResults(v.Name, tally.Exposures, pending, tally.Conversions, Math.Round(tally.Rate, 6), Math.Round(low, 6), Math.Round(high, 6), versus);
        }).ToList();

        var winner = await winners.FindAsync(experiment.Key, cancellationToken);
        if (winner is null && Decide(variants) is { } decided)
        {
            winner = await winners.DeclareAsync(experiment.Key, new ExperimentWinner(decided.Name, now, decided.Why), cancellationToken);
            logger.LogInformation("Experiment {Experiment}: the test declares variant {Variant} the winner ({Why})", experiment.Key, winner.Variant, winner.Why);
        }
        return new ExperimentResults(experiment.Key, experiment.JourneyId, journeyName, experiment.Step, experiment.Settings.Metric.ToString(),
            experiment.Settings.Days, experiment.Settings.Alpha, experiment.Settings.Tau, winner is null ? "running" : "winner",
            winner?.Variant, winner?.DecidedAt, winner?.Why, variants);
    }

    /// <summary>
    /// The best variant that beats the control significantly; the control when every variant is significantly
    /// worse than it; otherwise none yet.
    /// </summary>
    private static (string Name, string Why)? Decide(IReadOnlyList<VariantResults> variants)
    {
        var challengers = variants.Skip(1).ToList();
        if (challengers.Where(v => v.VersusControl is { Significant: true, Difference: > 0 }).MaxBy(v => v.Rate) is { } better)
            return (better.Name, $"{better.Rate:P2} against {variants[0].Rate:P2}, p = {better.VersusControl!.PValue:0.####}");
        if (challengers.All(v => v.VersusControl is { Significant: true, Difference: < 0 }))
            return (variants[0].Name, $"every variant is below the control's {variants[0].Rate:P2}");
        return null;
    }

    /// <summary>Per variant: the exposures whose window is over with their conversions, and the ones still inside it.</summary>
    private async Task<Dictionary<string, (Tally Tally, int Pending)>> TallyAsync(EmailExperiment experiment, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var key = experiment.Key;
        var sent = await db.Outbox.AsNoTracking()
            .Where(m => m.ExperimentKey == key && m.Status == OutboxStatus.Sent && m.SentAt != null && m.LeadId != null)
            .Select(m => new { m.Id, LeadId = m.LeadId!.Value, m.Variant, SentAt = m.SentAt!.Value })
            .ToListAsync(cancellationToken);
        var due = sent.Where(m => m.SentAt + window <= now).ToList();
        var converted = await ConvertedAsync(db, experiment, [.. due.Select(m => (m.Id, m.LeadId, m.SentAt))], window, cancellationToken);
        return experiment.Variants.ToDictionary(v => v.Name, v =>
        {
            var mine = due.Where(m => m.Variant == v.Name).ToList();
            return (new Tally(mine.Count, mine.Count(m => converted.Contains(m.Id))), sent.Count(m => m.Variant == v.Name) - mine.Count);
        }, StringComparer.Ordinal);
    }

    /// <summary>The emails (by outbox id) whose lead converted by the metric within the window after delivery; human hits only.</summary>
    private static async Task<HashSet<Guid>> ConvertedAsync(
        NurtureDbContext db, EmailExperiment experiment, List<(Guid Id, Guid LeadId, DateTimeOffset SentAt)> emails, TimeSpan window, CancellationToken cancellationToken)
    {
        var ids = emails.Select(e => e.Id).ToList();
        var leads = emails.Select(e => e.LeadId).Distinct().ToList();
        switch (experiment.Settings.Metric)
        {
            case ExperimentMetric.Click or ExperimentMetric.Download:
                var type = experiment.Settings.Metric == ExperimentMetric.Click ? SignalTypes.Click : SignalTypes.Download;
                var hits = await db.Signals.AsNoTracking()
                    .Where(s => s.MessageId != null && ids.Contains(s.MessageId.Value) && s.Type == type && s.Label == SignalLabel.Human)
                    .Select(s => new { MessageId = s.MessageId!.Value, s.OccurredAt }).ToListAsync(cancellationToken);
                var sentAt = emails.ToDictionary(e => e.Id, e => e.SentAt);
                return [.. hits.Where(h => h.OccurredAt <= sentAt[h.MessageId] + window).Select(h => h.MessageId)];
            case ExperimentMetric.Mql:
                var mqls = (await db.StageTransitions.AsNoTracking().Where(t => leads.Contains(t.LeadId) && t.To == LeadStage.Mql)
                    .Select(t => new { t.LeadId, t.At }).ToListAsync(cancellationToken)).ToLookup(t => t.LeadId, t => t.At);
                return [.. emails.Where(e => mqls[e.LeadId].Any(at => at > e.SentAt && at <= e.SentAt + window)).Select(e => e.Id)];
            default:
                var goals = (await db.JourneyInstances.AsNoTracking()
                        .Where(i => leads.Contains(i.LeadId) && i.JourneyId == experiment.JourneyId && i.ConvertedAt != null)
                        .Select(i => new { i.LeadId, ConvertedAt = i.ConvertedAt!.Value }).ToListAsync(cancellationToken))
                    .ToLookup(i => i.LeadId, i => i.ConvertedAt);
                return [.. emails.Where(e => goals[e.LeadId].Any(at => at > e.SentAt && at <= e.SentAt + window)).Select(e => e.Id)];
        }
    }
}
