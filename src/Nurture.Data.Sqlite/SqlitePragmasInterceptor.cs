using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nurture.Data.Sqlite;

/// <summary>
/// Sets SQLite's per-connection settings on every connection it opens.
/// <list type="bullet">
/// <item><c>synchronous</c>: with WAL, NORMAL stops the fsync on each commit (the WAL is synced at
/// checkpoints): the database cannot be corrupted and survives a process crash whole; a power cut may lose
/// the commits since the last checkpoint. FULL syncs every commit.</item>
/// <item><c>wal_autocheckpoint</c>: the WAL size (pages) at which a commit copies it into the database. A
/// checkpoint rewrites every page changed since the last one and syncs; a burst of tracking hits changes the
/// same index pages over and over, so checkpointing every 1,000 pages (SQLite's default) rewrote them many
/// times a second. Every connection needs the same value: whichever commits past it runs the checkpoint.</item>
/// <item><c>busy_timeout</c>: a connection that finds the write lock taken waits for it inside SQLite, which
/// retries within a millisecond or a few. Without it the driver retries by itself, sleeping 150 ms each time:
/// a delivery worker's one-row commit behind a sweep's batch commit, or scoring's behind the tracking
/// writer's, slept 150 ms for a lock that was free again a few milliseconds later.</item>
/// </list>
/// All three last as long as SQLite's connection handle, which the driver's pool reuses under a new
/// <see cref="SqliteConnection"/> each time: a handle is set once, not on every open (EF opens one per query).
/// </summary>
public sealed class SqlitePragmasInterceptor(string synchronous, int walAutocheckpointPages) : DbConnectionInterceptor
{
    /// <summary>
    /// Write-ahead logging, set once per database file (it stays): readers no longer wait for the writer, and a
    /// commit appends to the log instead of rewriting pages in place.
    /// </summary>
    public static Task UseWriteAheadLogAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, CancellationToken cancellationToken) =>
        Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(database, "PRAGMA journal_mode=WAL;", cancellationToken);

    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    /// <summary>How long SQLite itself waits for the write lock; past it, the driver's own retries go on until the command timeout.</summary>
    public const int BusyTimeoutMilliseconds = 5_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || _configured.TryGetValue(handle, out _))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={synchronous}; PRAGMA wal_autocheckpoint={walAutocheckpointPages}; PRAGMA busy_timeout={BusyTimeoutMilliseconds};";
        command.ExecuteNonQuery();
        _configured.AddOrUpdate(handle, this);
    }
}
