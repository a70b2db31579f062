using System.Data.Common;

namespace Nurture.Core.Data;

/// <summary>
/// Errors that say nothing about the journey or the lead, only that the database or the network did not
/// answer this time: a step that hits one is tried again (the timer's lease runs out, the signal is
/// replayed), never faulted for good.
/// </summary>
public static class TransientErrors
{
    public static bool IsTransient(Exception error) => error switch
    {
        // SQLite reports a busy or locked database (SQLITE_BUSY 5, SQLITE_LOCKED 6) without marking it transient.
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } => true,
        DbException db => db.IsTransient,
        TimeoutException or IOException or System.Net.Sockets.SocketException or System.Net.Http.HttpRequestException => true,
        _ when error.InnerException is { } inner => IsTransient(inner),
        _ => false,
    };
}
