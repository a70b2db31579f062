using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Nurture.Data.Sqlite;

/// <summary>
/// Converts the values of the Guid columns a migration retypes, between the 36-character text SQLite files
/// held before and the 16 bytes (most significant first) <c>GuidBytesConverter</c> stores. Retyping alone
/// would not: a table rebuild copies values as they are, and SQLite keeps text as text in a BLOB column
/// (and bytes as bytes in a TEXT one, so the conversion may run first, in the rebuild's transaction).
/// </summary>
internal static class GuidStorage
{
    /// <summary>Puts the conversion of every column the migration's <see cref="AlterColumnOperation"/>s retype before them.</summary>
    /// <param name="toBytes">True going up (text to bytes), false going down (bytes to text).</param>
    public static void ConvertRetypedColumns(MigrationBuilder migrationBuilder, bool toBytes)
    {
        // A key and the references to it change in turn: their agreement is checked at the commit.
        var conversion = new List<MigrationOperation> { new SqlOperation { Sql = "PRAGMA defer_foreign_keys = ON;" } };
        conversion.AddRange(migrationBuilder.Operations.OfType<AlterColumnOperation>()
            .Select(c => new SqlOperation { Sql = toBytes ? ToBytes(c.Table, c.Name) : ToText(c.Table, c.Name) }));
        // Before the rebuilds: SQL after a pending rebuild is run ahead of it anyway, with a warning.
        migrationBuilder.Operations.InsertRange(0, conversion);
    }

    // Rows already converted (or written as bytes meanwhile) are left alone, so a rerun does no harm.
    private static string ToBytes(string table, string column) =>
        $"""UPDATE "{table}" SET "{column}" = unhex(replace("{column}", '-', '')) WHERE typeof("{column}") = 'text';""";

    // hex() writes upper case, as Microsoft.Data.Sqlite wrote Guids.
    private static string ToText(string table, string column) =>
        $"""
        UPDATE "{table}" SET "{column}" = substr(hex("{column}"), 1, 8) || '-' || substr(hex("{column}"), 9, 4) || '-'
            || substr(hex("{column}"), 13, 4) || '-' || substr(hex("{column}"), 17, 4) || '-' || substr(hex("{column}"), 21)
        WHERE typeof("{column}") = 'blob';
        """;
}
