using Microsoft.EntityFrameworkCore;
using Npgsql;
using Nurture.Core.Data;
using Nurture.Server.Data;

namespace Nurture.Chaos;

/// <summary>A fresh PostgreSQL database for one run (on the server NURTURE_TEST_POSTGRES names), dropped after it; the scale benchmark's too.</summary>
public sealed class ChaosDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ChaosDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        // Four nodes share PostgreSQL's 100 connections (its default max_connections) with the harness.
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Set when a run found something wrong: the database is left for a look, its name in the log.</summary>
    public bool Keep { get; set; }

    public string Name => _name;

    /// <param name="template">A database to copy (PostgreSQL copies its files: a seeded database in a moment); none: an empty one.</param>
    public static async Task<ChaosDatabase> CreateAsync(string prefix = "nurture_chaos_", ChaosDatabase? template = null)
    {
        var admin = Environment.GetEnvironmentVariable("NURTURE_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("NURTURE_TEST_POSTGRES is not set: this run needs a real PostgreSQL (./test.sh sets it up).");
        var name = $"{prefix}{Guid.NewGuid():N}"[..30];
        if (template is not null)
            NpgsqlConnection.ClearAllPools(); // a template must have no connections open
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{(template is null ? "" : $" TEMPLATE \"{template.Name}\"")}", connection);
        await create.ExecuteNonQueryAsync();
        return new ChaosDatabase(admin, name);
    }

    /// <summary>A context on the run's database, for the harness's own reads and set-up.</summary>
    public NurtureDbContext Context()
    {
        var builder = new DbContextOptionsBuilder<NurtureDbContext>();
        builder.Use("PostgreSql", ConnectionString);
        return new NurtureDbContext(builder.Options);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Keep)
            return;
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
