using Microsoft.EntityFrameworkCore;
using Nurture.Core.Documents;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Scoring;

/// <summary>What a new model version would do to the leads we have, before anyone applies it.</summary>
public sealed record ModelPreview(int CurrentVersion, int NewVersion, int Leads, int MqlNow, int MqlAfter,
    IReadOnlyList<LeadChange> WouldCross, IReadOnlyList<LeadChange> WouldFallBelow, int WouldCrossCount, int WouldFallBelowCount);

public sealed record LeadChange(Guid LeadId, string Email, int QualityNow, int QualityAfter, int FitNow, int FitAfter);

public sealed record ModelApplied(int Version, int LeadsRescored, int LedgerRows);

/// <summary>
/// A new model version: validated, previewed against every lead (fit rules, weights and the MQL rule are
/// evaluated again; engagement and reliability stay as their ledgers say), then applied: stored as the
/// shared document every node loads, and every lead's fit is brought to the new rules through ledger rows, never overwritten.
/// Engagement rules apply to signals from then on; past signals keep the points they earned.
/// </summary>
public sealed class ScoringModelService(
    IDbContextFactory<NurtureDbContext> databases, DocumentStore documents, ScoringModelProvider models, ScoringService scoring, TimeProvider time)
{
    /// <summary>The scoring model's name among the shared documents.</summary>
    public const string DocumentName = "model.json";

    public const int Examples = 10;
    private const int BatchSize = 500;
    private readonly SemaphoreSlim _applying = new(1, 1);

    /// <exception cref="FormatException">The model is invalid, or its version is not newer than the one in force.</exception>
    public ScoringModel Validate(string json)
    {
        var model = ScoringModel.Parse(json, "model");
        EnsureNewer(model);
        return model;
    }

    private void EnsureNewer(ScoringModel candidate)
    {
        if (candidate.Version <= models.Current.Version)
            throw new FormatException($"model: version must be greater than {models.Current.Version}, the version in force (got {candidate.Version}).");
    }

    public async Task<ModelPreview> PreviewAsync(ScoringModel candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var current = models.Current;
        int leads = 0, mqlNow = 0, mqlAfter = 0, crossCount = 0, fallCount = 0;
        var cross = new List<LeadChange>();
        var fall = new List<LeadChange>();
        await foreach (var batch in BatchesAsync(cancellationToken))
        {
            foreach (var lead in batch)
            {
                leads++;
                var (nowMql, qualityNow, fitNow) = (current.IsMql(lead), lead.QualityScore, lead.FitScore);
                var after = Rescored(lead, candidate);
                var afterMql = candidate.IsMql(after);
                mqlNow += nowMql ? 1 : 0;
                mqlAfter += afterMql ? 1 : 0;
                var change = new LeadChange(lead.Id, lead.Email, qualityNow, after.QualityScore, fitNow, after.FitScore);
                if (!nowMql && afterMql && ++crossCount <= Examples)
                    cross.Add(change);
                if (nowMql && !afterMql && ++fallCount <= Examples)
                    fall.Add(change);
            }
        }
        return new ModelPreview(current.Version, candidate.Version, leads, mqlNow, mqlAfter, cross, fall, crossCount, fallCount);
    }

    /// <summary>Stores the model as the shared version, puts it in force and rescores every lead's fit.</summary>
    /// <param name="source">Who applied it, kept with the stored version.</param>
    /// <param name="rescored">
    /// Called for each lead in its batch's unit of work, with its scores before: a lead the new model qualifies
    /// is handed off, and ScoreCrossed triggers fire, in the same commit as its new ledger rows.
    /// </param>
    /// <exception cref="FormatException">The version is not newer than the one stored, perhaps by another node meanwhile.</exception>
    public async Task<ModelApplied> ApplyAsync(ScoringModel candidate, string source, Func<LeadWork, LeadScores, CancellationToken, Task> rescored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(rescored);
        await _applying.WaitAsync(cancellationToken);
        try
        {
            // Again under the lock, against the stored version: another apply, here or on another node, may have won.
            var stored = await documents.FindAsync(DocumentKinds.ScoringModel, DocumentName, cancellationToken);
            if (stored?.Content is { } content && ScoringModel.Parse(System.Text.Encoding.UTF8.GetString(content), stored.Source) is var inForce
                && inForce.Version > models.Current.Version)
                models.Use(inForce);
            EnsureNewer(candidate);
            try
            {
                await documents.SaveAsync(DocumentKinds.ScoringModel, [new DocumentStore.Change(DocumentName, System.Text.Encoding.UTF8.GetBytes(candidate.ToJson()))],
                    source, cancellationToken, new Dictionary<string, int> { [DocumentName] = stored?.Version ?? 0 });
            }
            catch (DocumentConflictException e)
            {
                throw new FormatException($"model: another version was applied meanwhile; read the model again ({e.Message})", e);
            }
            models.Use(candidate);

            int done = 0, rows = 0;
            while (true)
            {
                var (count, written) = await RescoreBatchAsync(done, rescored, cancellationToken);
                if (count == 0)
                    return new ModelApplied(candidate.Version, done, rows);
                (done, rows) = (done + count, rows + written);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <param name="skip">Leads already rescored, in id order (ids grow: new leads come after).</param>
    private Task<(int Count, int Rows)> RescoreBatchAsync(int skip, Func<LeadWork, LeadScores, CancellationToken, Task> rescored, CancellationToken cancellationToken) =>
        // A lead of the batch changed meanwhile: the batch is read again.
        ConflictRetry.RunAsync(databases, async db =>
        {
            var leads = await db.Leads.OrderBy(l => l.Id).Skip(skip).Take(BatchSize).ToListAsync(cancellationToken);
            var now = time.GetUtcNow();
            foreach (var lead in leads)
            {
                var before = LeadScores.Of(lead);
                await scoring.RefreshProfileAsync(db, lead, checks: null, now, cancellationToken);
                await rescored(new LeadWork(db, lead), before, cancellationToken);
                lead.MarkChanged(now);
            }
            return (leads.Count, db.ChangeTracker.Entries<ScoreEntry>().Count(e => e.State == EntityState.Added));
        }, cancellationToken);

    private async IAsyncEnumerable<List<Lead>> BatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var skip = 0; ; skip += BatchSize)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var batch = await db.Leads.AsNoTracking().OrderBy(l => l.Id).Skip(skip).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                yield break;
            yield return batch;
        }
    }

    /// <summary>The lead as the candidate would score it: fit from its rules, quality from its weights.</summary>
    private static Lead Rescored(Lead lead, ScoringModel candidate)
    {
        var copy = lead.Hypothetical();
        copy.FitScore = candidate.Fit.Where(r => r.When!.Evaluate(lead)).Sum(r => r.Points);
        copy.QualityScore = candidate.QualityOf(copy);
        return copy;
    }
}
