using System.Globalization;
using Nurture.Data.Sqlite;

namespace Nurture.Server.Data;

/// <summary>The server's SQLite connection settings, read from configuration and checked.</summary>
public static class SqlitePragmas
{
    /// <summary>
    /// Database:SqliteSynchronous and Database:SqliteWalAutocheckpoint, or <see cref="DatabaseOptions"/>'
    /// defaults where unset; a value that is not one of them stops the start with the key and the value.
    /// </summary>
    public static SqlitePragmasInterceptor FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new DatabaseOptions();
        var synchronous = configuration["Database:SqliteSynchronous"] is { Length: > 0 } level ? level.ToUpperInvariant() : defaults.SqliteSynchronous;
        if (synchronous is not ("FULL" or "NORMAL" or "EXTRA"))
            throw new InvalidOperationException($"Database:SqliteSynchronous must be FULL, NORMAL or EXTRA (got '{synchronous}').");
        var checkpointPages = defaults.SqliteWalAutocheckpoint;
        if (configuration["Database:SqliteWalAutocheckpoint"] is { Length: > 0 } pages
            && (!int.TryParse(pages, NumberStyles.None, CultureInfo.InvariantCulture, out checkpointPages) || checkpointPages < 1))
            throw new InvalidOperationException($"Database:SqliteWalAutocheckpoint must be a number of pages of 1 or more (got '{pages}').");
        return new SqlitePragmasInterceptor(synchronous, checkpointPages);
    }
}
