using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <summary>
    /// Rebuilds tables, so EF emits "PRAGMA foreign_keys = 0" before the migration's transaction (SQLite
    /// ignores the pragma inside one) and warns that it runs outside it. That is safe: the pragma changes
    /// only the connection, never the file, and every statement that does change the file runs in the
    /// transaction, so a crash midway leaves the previous schema and data as they were. The warning is
    /// logged at Debug (DatabaseProviders).
    /// </summary>
    public partial class OutboxBodies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_bodies",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mime = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_bodies", x => x.MessageId);
                    table.ForeignKey(
                        name: "FK_outbox_bodies_outbox_MessageId",
                        column: x => x.MessageId,
                        principalTable: "outbox",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The bodies move before the column goes: nothing queued or sent is lost.
            migrationBuilder.Sql("""INSERT INTO outbox_bodies ("MessageId", "Mime") SELECT "Id", "Mime" FROM outbox""");

            migrationBuilder.DropColumn(
                name: "Mime",
                table: "outbox");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Mime",
                table: "outbox",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.Sql("""UPDATE outbox SET "Mime" = (SELECT b."Mime" FROM outbox_bodies b WHERE b."MessageId" = outbox."Id")""");

            migrationBuilder.DropTable(
                name: "outbox_bodies");
        }
    }
}
