using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <summary>
    /// Date waits (DateReached triggers) have no instance: InstanceId becomes optional. On SQLite that
    /// rebuilds journey_waits, safely, as OutboxBodies explains (the pragma outside the transaction changes
    /// only the connection; the rebuild commits or rolls back whole).
    /// </summary>
    public partial class DateTriggerWaits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "InstanceId",
                table: "journey_waits",
                type: "BLOB",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AddColumn<string>(
                name: "JourneyId",
                table: "journey_waits",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Date waits start journeys and have no instance; the older schema cannot hold them.
            migrationBuilder.Sql("DELETE FROM journey_waits WHERE \"InstanceId\" IS NULL;");

            migrationBuilder.DropColumn(
                name: "JourneyId",
                table: "journey_waits");

            migrationBuilder.AlterColumn<byte[]>(
                name: "InstanceId",
                table: "journey_waits",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);
        }
    }
}
