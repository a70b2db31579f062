using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Deletes journal entries older than the retention of runs that have ended; active runs keep theirs. One
/// node at a time (<see cref="SweepLeases"/>): the same delete on every node would only cost them all.
/// </summary>
public sealed class JournalRetention(IDbContextFactory<NurtureDbContext> databases, SweepLeases leases, IOptions<JourneyOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        if (!await leases.TryHoldAsync(SweepLeases.JournalRetention, SweepLeases.HoldFor(Interval), cancellationToken))
            return 0;
        var cutoff = time.GetUtcNow() - options.Value.JournalRetention;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ended = db.JourneyInstances.Where(i => i.ActiveKey == null).Select(i => i.Id);
        return await db.Journal.Where(j => j.At < cutoff && ended.Contains(j.InstanceId)).ExecuteDeleteAsync(cancellationToken);
    }
}
