using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Nurture.Core.Data;

/// <summary>
/// Appends rows of one mapped type with multi-row INSERT statements built from the EF model (table, column
/// names, value converters, the provider's quoting), in one transaction. What SaveChanges would write, minus
/// the change tracker and the per-row command set-up: for append-only rows that arrive in bursts (tracking hits).
/// On SQLite the rows go one by one into one prepared statement, bound straight into SQLite where every
/// column's type allows (<see cref="SqliteRowStatement"/>), through the driver otherwise.
/// </summary>
public sealed class BulkInsert<T> where T : class
{
    // SQL Server allows 2,100 parameters per command; this keeps every provider under its limit.
    private const int MaxParameters = 2_000;

    private readonly Column[] _columns;
    private readonly string _head;
    private readonly ISqlGenerationHelper _sql;
    private readonly int _rowsPerStatement;
    private readonly string[] _parameterNames;
    private readonly string _fullStatement;

    // SQLite, when every column's type binds directly: one row's INSERT with positional parameters.
    private readonly string? _sqliteRowStatement;

    /// <summary>Whether rows are bound straight into SQLite's statement (<see cref="SqliteRowStatement"/>) rather than through the driver.</summary>
    public bool BindsDirectly => _sqliteRowStatement is not null;

    /// <param name="db">A context of the provider the rows will be written with.</param>
    public BulkInsert(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _sql = db.GetService<ISqlGenerationHelper>();
        _columns = entity.GetProperties()
            .Select(p => new Column(p.GetColumnName(table)!,
                p.PropertyInfo is null ? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is a shadow property.") : p.GetGetter(),
                p.GetRelationalTypeMapping(), p.IsNullable))
            .ToArray();
        _head = $"INSERT INTO {_sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(c => _sql.DelimitIdentifier(c.Name)))}) VALUES ";
        // SQLite finds a parameter by scanning the statement's names, so a many-row statement binds in
        // quadratic time; one row per statement re-executes the same prepared statement instead (and binding by
        // position skips the scan). The servers take many rows per round trip.
        var sqlite = db.Database.ProviderName == NurtureDbContext.SqliteProvider;
        _rowsPerStatement = sqlite ? 1 : Math.Max(1, MaxParameters / _columns.Length);
        _parameterNames = Enumerable.Range(0, _rowsPerStatement * _columns.Length).Select(i => _sql.GenerateParameterName($"p{i}")).ToArray();
        _fullStatement = Statement(_rowsPerStatement);
        if (sqlite && _columns.All(c => SqliteRowStatement.Binds(c.ProviderType)))
            _sqliteRowStatement = $"{_head}({string.Join(", ", _columns.Select((_, i) => $"?{i + 1}"))})";
    }

    /// <summary>Inserts <paramref name="rows"/> in one transaction: all of them or, when one fails, none.</summary>
    /// <exception cref="DbUpdateException">The database refused a row (a key taken, a foreign key missing), as SaveChanges reports it.</exception>
    public async Task InsertAsync(DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            return;
        try
        {
            await InsertInTransactionAsync(db, rows, cancellationToken);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Inserting {rows.Count} {typeof(T).Name} rows failed: {e.Message}", e);
        }
    }

    private async Task InsertInTransactionAsync(DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        if (_sqliteRowStatement is not null && connection is SqliteConnection sqlite)
        {
            InsertEachRow(sqlite, rows);
            await transaction.CommitAsync(cancellationToken);
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        for (var start = 0; start < rows.Count; start += _rowsPerStatement)
        {
            var count = Math.Min(_rowsPerStatement, rows.Count - start);
            // The same text keeps the provider's prepared statement; only a last, shorter chunk differs.
            var text = count == _rowsPerStatement ? _fullStatement : Statement(count);
            if (command.CommandText != text)
                command.CommandText = text;
            command.Parameters.Clear();
            for (var r = 0; r < count; r++)
            {
                for (var c = 0; c < _columns.Length; c++)
                {
                    var column = _columns[c];
                    command.Parameters.Add(column.Mapping.CreateParameter(command, _parameterNames[r * _columns.Length + c],
                        column.Value.GetClrValueUsingContainingEntity(rows[start + r]), column.Nullable));
                }
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private void InsertEachRow(SqliteConnection connection, IReadOnlyList<T> rows)
    {
        using var statement = SqliteRowStatement.Prepare(connection, _sqliteRowStatement!);
        var values = new object?[_columns.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < _columns.Length; c++)
                values[c] = _columns[c].ProviderValue(row);
            statement.Execute(values);
        }
    }

    private string Statement(int rows)
    {
        var text = new StringBuilder(_head, _head.Length + rows * _columns.Length * 8);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
                text.Append(c == 0 ? "" : ", ").Append(_sql.GenerateParameterNamePlaceholder($"p{r * _columns.Length + c}"));
            text.Append(')');
        }
        return text.ToString();
    }

    /// <param name="Value">EF's compiled getter: a row is read without reflection.</param>
    private sealed record Column(string Name, IClrPropertyGetter Value, RelationalTypeMapping Mapping, bool Nullable)
    {
        public Type ProviderType => Mapping.Converter?.ProviderClrType ?? Mapping.ClrType;

        /// <summary>The value as the database stores it (an enum as its name, where a converter says so).</summary>
        public object? ProviderValue(T row) =>
            Value.GetClrValueUsingContainingEntity(row) is var value && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }
}
