namespace Nurture.Server.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default, embedded), PostgreSql or SqlServer.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Applies pending migrations at start (logged). Turn off where a DBA applies the scripts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// SQLite only: NORMAL (with WAL, the default: consistent always, durable across a process crash; a power
    /// cut may lose the last commits) or FULL (an fsync per commit, about 2–3× fewer commits per second).
    /// </summary>
    public string SqliteSynchronous { get; set; } = "NORMAL";

    /// <summary>
    /// SQLite only: the WAL size in pages (4 KiB each) at which it is copied into the database. 10,000 (about
    /// 40 MiB) rather than SQLite's 1,000: a burst of hits rewrites the same index pages, once per checkpoint.
    /// </summary>
    public int SqliteWalAutocheckpoint { get; set; } = 10_000;
}
