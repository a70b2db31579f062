using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Nurture.Core.Data;
using Nurture.Server.Data;

namespace Nurture.Server.Tests.Data;

/// <summary>Each provider's migrations match the model; SQL Server's, which no machine here can run, still generate.</summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Database=unused")]
    [InlineData("SqlServer", "Server=127.0.0.1;Database=unused;TrustServerCertificate=True")]
    public void Migrations_are_up_to_date_with_the_model(string provider, string connectionString)
    {
        using var db = Create(provider, connectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag behind the model: run dotnet ef migrations add for Nurture.Data.{provider}.");
    }

    [Fact]
    public void Sql_server_script_generates_with_its_lease_friendly_indexes()
    {
        using var db = Create("SqlServer", "Server=127.0.0.1;Database=unused;TrustServerCertificate=True");

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [journey_waits]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_leads_Email]", script, StringComparison.Ordinal);
        Assert.Contains("WHERE [ActiveKey] IS NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_journey_waits_DueAt]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_signals_Unprocessed] ON [signals] ([ReceivedAt]) WHERE \"ProcessedAt\" IS NULL", script, StringComparison.Ordinal);
    }

    private static NurtureDbContext Create(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<NurtureDbContext>();
        options.Use(provider, connectionString);
        return new NurtureDbContext(options.Options);
    }
}
