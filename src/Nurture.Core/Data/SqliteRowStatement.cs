using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Nurture.Core.Data;

/// <summary>
/// A one-row INSERT prepared on a SQLite connection and re-executed per row, its values bound by position
/// straight into SQLite, in the forms Microsoft.Data.Sqlite gives them (so an index orders and a query finds
/// them as if EF had written them). The driver's own path binds each value by name, allocates a
/// parameter, a string and its UTF-8 copy per value: most of the managed cost of a tracking hit's insert,
/// on the one thread all hits are written by.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    private SqliteRowStatement(sqlite3 database, sqlite3_stmt statement)
    {
        _database = database;
        _statement = statement;
    }

    /// <summary>
    /// The provider-side types bound here (those of the tracking hits' columns: dates are stored as ticks, Guids as bytes,
    /// counts as integers); a mapping to any other keeps to the driver's own path.
    /// </summary>
    public static bool Binds(Type providerType) =>
        (Nullable.GetUnderlyingType(providerType) ?? providerType) is var type
        && (type == typeof(string) || type == typeof(byte[]) || type == typeof(long) || type == typeof(int));

    /// <param name="sql">One row's INSERT with positional parameters (?1, ?2…).</param>
    public static SqliteRowStatement Prepare(SqliteConnection connection, string sql)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(database, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, database);
        return new SqliteRowStatement(database, statement);
    }

    /// <summary>Inserts one row: <paramref name="values"/> in the statement's column order, as the provider stores them.</summary>
    public void Execute(ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
            SqliteException.ThrowExceptionForRC(Bind(i + 1, values[i]), _database);
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, _database);
    }

    // SQLitePCL binds text and bytes as SQLITE_TRANSIENT: SQLite copies them at once, so the caller may reuse its values.
    private int Bind(int index, object? value)
    {
        switch (value)
        {
            case null:
                return raw.sqlite3_bind_null(_statement, index);
            case string text:
                return raw.sqlite3_bind_text16(_statement, index, text);
            case byte[] bytes:
                return raw.sqlite3_bind_blob(_statement, index, bytes);
            case long number:
                return raw.sqlite3_bind_int64(_statement, index, number);
            case int number:
                return raw.sqlite3_bind_int64(_statement, index, number); // SQLite's integers are 64-bit, as the driver binds an int
            default:
                throw new NotSupportedException($"A {value.GetType().Name} value has no direct SQLite binding (see {nameof(Binds)}).");
        }
    }

    public void Dispose() => _statement.Dispose();
}
