using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>Deletes journal entries older than the retention of runs that have ended; active runs keep theirs.</summary>
public sealed class JournalRetention(IDbContextFactory<NurtureDbContext> databases, IOptions<JourneyOptions> options, TimeProvider time)
{
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.JournalRetention;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ended = db.JourneyInstances.Where(i => i.ActiveKey == null).Select(i => i.Id);
        return await db.Journal.Where(j => j.At < cutoff && ended.Contains(j.InstanceId)).ExecuteDeleteAsync(cancellationToken);
    }
}
