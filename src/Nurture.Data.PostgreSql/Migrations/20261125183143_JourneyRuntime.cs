using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class JourneyRuntime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "Tags",
                table: "leads",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "Filters",
                table: "journey_waits",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                table: "journey_journal",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConvertedAt",
                table: "journey_instances",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndReason",
                table: "journey_instances",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Steps",
                table: "journey_instances",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "journey_drafts",
                columns: table => new
                {
                    JourneyId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DefinitionJson = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journey_drafts", x => x.JourneyId);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    LeadId = table.Column<Guid>(type: "uuid", nullable: true),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_journey_journal_InstanceId_Step",
                table: "journey_journal",
                columns: new[] { "InstanceId", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_IdempotencyKey",
                table: "webhooks",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_Status_NextAttemptAt",
                table: "webhooks",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "journey_drafts");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropIndex(
                name: "IX_journey_journal_InstanceId_Step",
                table: "journey_journal");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "Filters",
                table: "journey_waits");

            migrationBuilder.DropColumn(
                name: "Step",
                table: "journey_journal");

            migrationBuilder.DropColumn(
                name: "ConvertedAt",
                table: "journey_instances");

            migrationBuilder.DropColumn(
                name: "EndReason",
                table: "journey_instances");

            migrationBuilder.DropColumn(
                name: "Steps",
                table: "journey_instances");
        }
    }
}
