using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nurture.Server.Data;

/// <summary>
/// Sets SQLite's <c>synchronous</c> level on every connection (a per-connection setting). With WAL, NORMAL
/// stops the fsync on each commit (the WAL is synced at checkpoints): the database cannot be corrupted and
/// survives a process crash whole; a power cut may lose the last commits. FULL syncs every commit.
/// </summary>
public sealed class SqliteSynchronousInterceptor(string level) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection)
            return;
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={level};";
        command.ExecuteNonQuery();
    }
}
