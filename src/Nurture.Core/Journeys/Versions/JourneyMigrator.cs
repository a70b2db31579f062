using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Versions;

/// <summary>
/// Moves the leads waiting on one version to chosen nodes of another, explicitly: each waiting node is
/// mapped to a node of the target version, where the lead starts afresh (nothing that already ran runs
/// again; Elsa's Migrate re-ran finished steps, #6620). All leads move in one transaction, or none.
/// </summary>
public sealed class JourneyMigrator(IDbContextFactory<NurtureDbContext> databases, JourneyCatalog catalog, JourneyRunner runner, LeadEvents events, TimeProvider time)
{
    public async Task<int> MigrateAsync(string journeyId, int fromVersion, int toVersion, IReadOnlyDictionary<string, string> mapping, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var source = await FindAsync(db, journeyId, fromVersion, "fromVersion", cancellationToken);
        var target = await FindAsync(db, journeyId, toVersion, "toVersion", cancellationToken);
        if (fromVersion == toVersion)
            throw new JourneyMigrationException("toVersion", "the two versions are the same.");

        var waiting = await db.JourneyInstances
            .Where(i => i.JourneyId == journeyId && i.Version == fromVersion && i.Status == JourneyInstanceStatus.Waiting)
            .ToListAsync(cancellationToken);
        var unmapped = waiting.Select(i => i.CurrentActivityId!).Distinct().Where(node => !mapping.ContainsKey(node)).Order().ToList();
        if (unmapped.Count > 0)
            throw new JourneyMigrationException("mapping", $"leads wait at {string.Join(", ", unmapped.Select(n => $"'{n}'"))}: map each of these nodes.");
        foreach (var (from, to) in mapping)
        {
            if (source.Definition.FindActivity(from) is null)
                throw new JourneyMigrationException($"mapping.{from}", $"version {fromVersion} has no node '{from}'.");
            if (target.Definition.FindActivity(to) is null)
                throw new JourneyMigrationException($"mapping.{from}", $"version {toVersion} has no node '{to}'.");
        }

        var leads = await db.Leads.Where(l => waiting.Select(i => i.LeadId).Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var instance in waiting)
        {
            var work = new LeadWork(db, leads[instance.LeadId]);
            db.JourneyWaits.RemoveRange(await db.JourneyWaits.Where(w => w.InstanceId == instance.Id).ToListAsync(cancellationToken));
            db.Journal.Add(new JournalEntry
            {
                Id = Guid.CreateVersion7(now),
                InstanceId = instance.Id,
                ActivityId = instance.CurrentActivityId!,
                ActivityType = "Migrate",
                Event = JournalEvent.Migrated,
                Outcome = $"v{fromVersion}→v{toVersion}",
                At = now,
                Step = ++instance.Steps,
            });
            instance.Version = toVersion;
            await runner.EnterAsync(work, instance, target, target.Definition.FindActivity(mapping[instance.CurrentActivityId!])!, cancellationToken);
            await events.DispatchAsync(work, cancellationToken);
            work.Lead.MarkChanged(now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return waiting.Count;
    }

    private async Task<LoadedJourney> FindAsync(NurtureDbContext db, string journeyId, int version, string field, CancellationToken cancellationToken)
    {
        if (!await db.JourneyVersions.AnyAsync(v => v.JourneyId == journeyId && v.Version == version, cancellationToken))
            throw new JourneyMigrationException(field, $"journey '{journeyId}' has no version {version}.");
        return await catalog.GetVersionAsync(db, journeyId, version, cancellationToken);
    }
}

public sealed class JourneyMigrationException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
    public string Problem { get; } = message;
}
