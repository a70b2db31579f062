using Microsoft.EntityFrameworkCore;

namespace Nurture.Server.Data;

/// <summary>Chooses the EF Core provider and its migrations assembly from configuration.</summary>
public static class DatabaseProviders
{
    public static readonly string[] Names = ["Sqlite", "PostgreSql", "SqlServer"];

    public static DbContextOptionsBuilder Use(this DbContextOptionsBuilder builder, string provider, string connectionString) =>
        provider switch
        {
            "Sqlite" => builder.UseSqlite(connectionString, o => o.MigrationsAssembly("Nurture.Data.Sqlite")),
            "PostgreSql" => builder.UseNpgsql(connectionString, o => o.MigrationsAssembly("Nurture.Data.PostgreSql")),
            "SqlServer" => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly("Nurture.Data.SqlServer")),
            _ => throw new InvalidOperationException(
                $"Database:Provider '{provider}' is not supported; use one of {string.Join(", ", Names)}."),
        };
}
