using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Leads;

namespace Nurture.Core.Scoring;

/// <summary>
/// Time's effect on engagement, written to the ledger like any other change: half-life decay (at most once
/// a day per lead) and a penalty once per stretch of inactivity. Run by a recurring job, in batches, on one
/// node at a time (<see cref="SweepLeases"/>; the lead's revision would refuse a second node's rows anyway).
/// </summary>
public sealed class ScoreMaintenance(
    IDbContextFactory<NurtureDbContext> databases, ScoringModelProvider models, ScoringService scoring, SweepLeases leases,
    IOptions<ScoringOptions> options, TimeProvider time)
{
    public int BatchSize { get; init; } = 500;

    /// <returns>How many leads got a ledger row.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!await leases.TryHoldAsync(SweepLeases.ScoreMaintenance, SweepLeases.HoldFor(options.Value.MaintenanceInterval), cancellationToken))
            return 0;
        var model = models.Current;
        var changed = 0;
        if (model.Decay is { } decay)
            changed += await DecayAsync(decay, cancellationToken);
        if (model.Inactivity is { } inactivity)
            changed += await PenalizeInactivityAsync(inactivity, cancellationToken);
        return changed;
    }

    private async Task<int> DecayAsync(DecaySettings decay, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayAgo = now - TimeSpan.FromDays(1);
        var changed = 0;
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var leads = await db.Leads
                .Where(l => l.EngagementScore > 0 && (l.ScoreDecayedAt ?? l.LastEngagedAt ?? l.CreatedAt) <= dayAgo)
                .OrderBy(l => l.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (leads.Count == 0)
                return changed;
            foreach (var lead in leads)
            {
                var since = lead.ScoreDecayedAt ?? lead.LastEngagedAt ?? lead.CreatedAt;
                var days = (now - since).TotalDays;
                var remaining = (int)Math.Round(lead.EngagementScore * Math.Pow(0.5, days / decay.HalfLifeDays), MidpointRounding.AwayFromZero);
                if (remaining != lead.EngagementScore)
                {
                    scoring.AdjustEngagement(db, lead, remaining - lead.EngagementScore,
                        $"decay: half-life {decay.HalfLifeDays:0.#} days, {days:0.#} days elapsed", "engagement.decay", now);
                    changed++;
                }
                lead.ScoreDecayedAt = now;
                lead.MarkChanged(now);
            }
            if (!await SaveAsync(db, cancellationToken))
                return changed;
        }
    }

    private async Task<int> PenalizeInactivityAsync(InactivitySettings inactivity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var quietSince = now - TimeSpan.FromDays(inactivity.Days);
        var changed = 0;
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var leads = await db.Leads
                .Where(l => (l.LastEngagedAt ?? l.CreatedAt) <= quietSince
                    && (l.InactivityPenalizedAt == null || l.InactivityPenalizedAt < (l.LastEngagedAt ?? l.CreatedAt)))
                .OrderBy(l => l.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (leads.Count == 0)
                return changed;
            foreach (var lead in leads)
            {
                scoring.AdjustEngagement(db, lead, inactivity.Points, $"no activity for {inactivity.Days} days", "engagement.inactivity", now);
                lead.InactivityPenalizedAt = now;
                lead.MarkChanged(now);
                changed++;
            }
            if (!await SaveAsync(db, cancellationToken))
                return changed;
        }
    }

    /// <summary>False when a lead of the batch changed meanwhile (a signal): the batch waits for the next sweep, with fresh numbers.</summary>
    private static async Task<bool> SaveAsync(NurtureDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
