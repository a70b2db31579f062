using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SignalDeadLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_signals_Unprocessed",
                table: "signals");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "signals",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeadLetteredAt",
                table: "signals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "signals",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_signals_DeadLettered",
                table: "signals",
                column: "DeadLetteredAt",
                filter: "\"DeadLetteredAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_signals_Unprocessed",
                table: "signals",
                column: "ReceivedAt",
                filter: "\"ProcessedAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_signals_DeadLettered",
                table: "signals");

            migrationBuilder.DropIndex(
                name: "IX_signals_Unprocessed",
                table: "signals");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "signals");

            migrationBuilder.DropColumn(
                name: "DeadLetteredAt",
                table: "signals");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "signals");

            migrationBuilder.CreateIndex(
                name: "IX_signals_Unprocessed",
                table: "signals",
                column: "ReceivedAt",
                filter: "\"ProcessedAt\" IS NULL");
        }
    }
}
