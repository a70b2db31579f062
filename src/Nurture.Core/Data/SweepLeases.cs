using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Nurture.Core.Data;

/// <summary>
/// One node at a time runs each sweep that looks at everyone's rows: the node holding a sweep's lease renews
/// it each run; the others skip, until it lapses (the holder died) or is handed back (the holder stopped).
/// Without it every node would re-queue every other node's signal backlog, and decay the same leads at once.
/// </summary>
public sealed class SweepLeases(IDbContextFactory<NurtureDbContext> databases, TimeProvider time) : IHostedService
{
    public const string SignalReplay = "signal-replay";
    public const string ScoreMaintenance = "score-maintenance";
    public const string JournalRetention = "journal-retention";

    /// <summary>How long a run holds a sweep that runs every <paramref name="interval"/>: two turns and a margin, so the holder keeps it.</summary>
    public static TimeSpan HoldFor(TimeSpan interval) => interval > TimeSpan.Zero ? 2 * interval + TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(1);

    /// <summary>This node, as the leases name it.</summary>
    public string Node { get; } = LeaseClaims.NewOwner();

    /// <summary>Takes or renews the sweep's lease for <paramref name="hold"/> (longer than the sweep's interval, so the holder keeps it).</summary>
    /// <returns>Whether this node runs the sweep now.</returns>
    public async Task<bool> TryHoldAsync(string sweep, TimeSpan hold, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // One statement: two nodes racing for a lapsed lease both run it, and the database lets one change the row.
        var taken = await db.SweepLeases.Where(l => l.Name == sweep && (l.Owner == Node || l.Until < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, Node).SetProperty(l => l.Until, now + hold), cancellationToken);
        if (taken == 1)
            return true;
        if (await db.SweepLeases.AnyAsync(l => l.Name == sweep, cancellationToken))
            return false;
        db.SweepLeases.Add(new SweepLease { Name = sweep, Owner = Node, Until = now + hold });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another node made the row first: it runs the sweep
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A node that stops hands its sweeps back, so another node runs them at its next turn.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await db.SweepLeases.Where(l => l.Owner == Node).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is gone as the node stops: its leases lapse on their own.
        }
    }
}
