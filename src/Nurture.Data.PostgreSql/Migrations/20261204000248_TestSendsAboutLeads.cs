using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class TestSendsAboutLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AboutLeadId",
                table: "outbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_AboutLeadId",
                table: "outbox",
                column: "AboutLeadId",
                filter: "\"AboutLeadId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_AboutLeadId",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "AboutLeadId",
                table: "outbox");
        }
    }
}
