using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SignalsIndexedByLeadThenEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_signals_LeadId_ReceivedAt",
                table: "signals");

            migrationBuilder.DropIndex(
                name: "IX_signals_MessageId_ReceivedAt",
                table: "signals");

            migrationBuilder.CreateIndex(
                name: "IX_signals_LeadId_MessageId_ReceivedAt",
                table: "signals",
                columns: new[] { "LeadId", "MessageId", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_signals_LeadId_MessageId_ReceivedAt",
                table: "signals");

            migrationBuilder.CreateIndex(
                name: "IX_signals_LeadId_ReceivedAt",
                table: "signals",
                columns: new[] { "LeadId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_signals_MessageId_ReceivedAt",
                table: "signals",
                columns: new[] { "MessageId", "ReceivedAt" });
        }
    }
}
