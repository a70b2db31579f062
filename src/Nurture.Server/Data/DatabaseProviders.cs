using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Server.Data;

/// <summary>Chooses the EF Core provider and its migrations assembly from configuration.</summary>
public static class DatabaseProviders
{
    public static readonly string[] Names = ["Sqlite", "PostgreSql", "SqlServer"];

    public static DbContextOptionsBuilder Use(this DbContextOptionsBuilder builder, string provider, string connectionString) =>
        provider switch
        {
            // EF warns that a table rebuild's "PRAGMA foreign_keys = 0" runs outside the migration's transaction
            // (SQLite ignores the pragma inside one). The pragma only changes the connection: the rebuild itself
            // and everything else commit or roll back together, so a crash leaves the previous schema intact
            // (see OutboxBodies and GuidsAsBytes). Kept in the log at Debug, not shown to a newcomer as a failure.
            "Sqlite" => builder.UseSqlite(connectionString, o => o.MigrationsAssembly("Nurture.Data.Sqlite"))
                .ConfigureWarnings(w => w.Log((Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug))),
            "PostgreSql" => builder.UseNpgsql(connectionString, o => o.MigrationsAssembly("Nurture.Data.PostgreSql")),
            "SqlServer" => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly("Nurture.Data.SqlServer")),
            _ => throw new InvalidOperationException(
                $"Database:Provider '{provider}' is not supported; use one of {string.Join(", ", Names)}."),
        };

    /// <summary>The statements a provider does better than the portable LINQ (they live in its own assembly).</summary>
    public static IServiceCollection AddProviderStatements(this IServiceCollection services, string provider)
    {
        if (provider == "PostgreSql")
            services.AddSingleton<IDueWaitClaims, Nurture.Data.PostgreSql.PostgreSqlDueWaitClaims>();
        return services;
    }
}
