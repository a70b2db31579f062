namespace Nurture.Server.Tests.Infrastructure;

/// <summary>Every persistence test runs on both SQLite and the real PostgreSQL.</summary>
public static class Providers
{
    public static TheoryData<string> All => new() { "Sqlite", "PostgreSql" };
}
