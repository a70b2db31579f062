using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Data;

/// <summary>SQLite's per-connection settings reach every connection the server opens, from configuration.</summary>
public sealed class SqlitePragmasTests : IAsyncLifetime
{
    private TestStack _stack = null!;

    public async Task InitializeAsync() => _stack = await TestStack.StartAsync("Sqlite", smtp: false);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Every_connection_gets_the_configured_synchronous_level_and_checkpoint_size_and_waits_for_the_write_lock_in_SQLite()
    {
        Assert.Equal((1L, 10_000L, 5_000L), await PragmasAsync()); // NORMAL, and the larger WAL by default

        await _stack.StopHostAsync();
        await _stack.StartHostAsync(o => o.WithSetting("Database:SqliteSynchronous", "full").WithSetting("Database:SqliteWalAutocheckpoint", "2500"));

        Assert.Equal((2L, 2_500L, 5_000L), await PragmasAsync());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    public async Task A_checkpoint_size_that_is_no_positive_number_stops_start_up_and_is_named(string value)
    {
        await _stack.StopHostAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _stack.StartHostAsync(o => o.WithSetting("Database:SqliteWalAutocheckpoint", value)));
        Assert.Equal($"Database:SqliteWalAutocheckpoint must be a number of pages of 1 or more (got '{value}').", error.Message);
    }

    private async Task<(long Synchronous, long Checkpoint, long BusyTimeout)> PragmasAsync()
    {
        await using var db = _stack.Host.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        return (await ScalarAsync(connection, "PRAGMA synchronous"), await ScalarAsync(connection, "PRAGMA wal_autocheckpoint"), await ScalarAsync(connection, "PRAGMA busy_timeout"));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
