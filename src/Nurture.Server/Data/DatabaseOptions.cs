namespace Nurture.Server.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default, embedded), PostgreSql or SqlServer.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Applies pending migrations at start (logged). Turn off where a DBA applies the scripts.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
