using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PartialSignalIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_signals_IdempotencyKey",
                table: "signals");

            migrationBuilder.DropIndex(
                name: "IX_signals_ProcessedAt",
                table: "signals");

            migrationBuilder.CreateIndex(
                name: "IX_signals_IdempotencyKey",
                table: "signals",
                column: "IdempotencyKey",
                unique: true,
                filter: "\"IdempotencyKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_signals_Unprocessed",
                table: "signals",
                column: "ReceivedAt",
                filter: "\"ProcessedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_signals_IdempotencyKey",
                table: "signals");

            migrationBuilder.DropIndex(
                name: "IX_signals_Unprocessed",
                table: "signals");

            migrationBuilder.CreateIndex(
                name: "IX_signals_IdempotencyKey",
                table: "signals",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_signals_ProcessedAt",
                table: "signals",
                column: "ProcessedAt");
        }
    }
}
