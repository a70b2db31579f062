using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Work;

/// <summary>
/// Runs a unit of work on a fresh DbContext and commits it, again from the start when another unit of work
/// bumped the lead's revision first (the loser re-reads and sees the winner's changes).
/// </summary>
public static class LeadRetry
{
    public static async Task<T> RunAsync<T>(
        IDbContextFactory<NurtureDbContext> databases, Func<NurtureDbContext, Task<T>> work, CancellationToken cancellationToken, int attempts = 5)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var result = await work(db);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < attempts)
            {
            }
        }
    }
}
