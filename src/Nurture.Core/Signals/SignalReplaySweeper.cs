using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;

namespace Nurture.Core.Signals;

/// <summary>
/// Catches up signals committed but never processed (a crash between commit and queue, a failed attempt),
/// except those dead-lettered after too many failures. One node at a time does it (<see cref="SweepLeases"/>).
/// </summary>
public sealed class SignalReplaySweeper(
    IDbContextFactory<NurtureDbContext> databases, SignalQueue queue, SweepLeases leases, IOptions<SignalOptions> options, TimeProvider time)
{
    /// <summary>Younger signals are probably still in the queue; leave them to it.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    /// <returns>How many signals this node queued again (none when another node holds the sweep).</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!await leases.TryHoldAsync(SweepLeases.SignalReplay, SweepLeases.HoldFor(options.Value.ReplayInterval), cancellationToken))
            return 0;
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
