using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Signals;

/// <summary>
/// Catches up signals committed but never processed (a crash between commit and queue, a failed attempt),
/// except those dead-lettered after too many failures.
/// </summary>
public sealed class SignalReplaySweeper(IDbContextFactory<NurtureDbContext> databases, SignalQueue queue, TimeProvider time)
{
    /// <summary>Younger signals are probably still in the queue; leave them to it.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - Grace;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stale = await db.Signals.AsNoTracking()
            .Where(s => s.ProcessedAt == null && s.DeadLetteredAt == null && s.ReceivedAt <= cutoff)
            .OrderBy(s => s.ReceivedAt)
            .Select(s => new { s.Id, s.LeadId })
            .Take(500)
            .ToListAsync(cancellationToken);
        foreach (var signal in stale)
            queue.Enqueue(signal.Id, signal.LeadId);
        return stale.Count;
    }
}
