using Npgsql;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>
/// A fresh database per test: a SQLite file in a temporary folder, or a new database on the real
/// PostgreSQL server that test.sh starts (NURTURE_TEST_POSTGRES overrides where it is).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=nurture;Password=nurture;Database=nurture";

    private readonly string? _postgresName;

    private TestDatabase(string provider, string connectionString, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresName = postgresName;
    }

    public string Provider { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string provider, string directory)
    {
        switch (provider)
        {
            case "Sqlite":
                return new TestDatabase(provider, $"Data Source={Path.Combine(directory, "nurture.db")};Pooling=False", null);
            case "PostgreSql":
                var name = $"nurture_t_{Guid.NewGuid():N}";
                await using (var admin = new NpgsqlConnection(AdminConnectionString))
                {
                    await admin.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                    await create.ExecuteNonQueryAsync();
                }
                var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
                return new TestDatabase(provider, builder.ConnectionString, name);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Sqlite or PostgreSql");
        }
    }

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("NURTURE_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultPostgres;

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is null)
            return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // An autovacuum worker was analysing the fresh tables: FORCE may not end it without
                // pg_signal_backend (test.sh grants it), but it finishes within moments.
                await Task.Delay(250);
            }
        }
    }
}
