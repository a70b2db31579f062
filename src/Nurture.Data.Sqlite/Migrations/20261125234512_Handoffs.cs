using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Handoffs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AcceptedAt",
                table: "handoffs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DueAt",
                table: "handoffs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectReason",
                table: "handoffs",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RejectedAt",
                table: "handoffs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rule",
                table: "handoffs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SlaMinutes",
                table: "handoffs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SlaStep",
                table: "handoffs",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Team",
                table: "handoffs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "handoff_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HandoffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Rep = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_handoff_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_handoff_events_handoffs_HandoffId",
                        column: x => x.HandoffId,
                        principalTable: "handoffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_handoffs_Status_DueAt",
                table: "handoffs",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_handoffs_Team_CreatedAt",
                table: "handoffs",
                columns: new[] { "Team", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_handoff_events_HandoffId_At",
                table: "handoff_events",
                columns: new[] { "HandoffId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "handoff_events");

            migrationBuilder.DropIndex(
                name: "IX_handoffs_Status_DueAt",
                table: "handoffs");

            migrationBuilder.DropIndex(
                name: "IX_handoffs_Team_CreatedAt",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "AcceptedAt",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "RejectReason",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "RejectedAt",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "Rule",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "SlaMinutes",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "SlaStep",
                table: "handoffs");

            migrationBuilder.DropColumn(
                name: "Team",
                table: "handoffs");
        }
    }
}
