using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Deliverability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Feedback",
                table: "outbox",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FeedbackAt",
                table: "outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RecipientDomain",
                table: "outbox",
                type: "TEXT",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Topic",
                table: "outbox",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ComplainedAt",
                table: "leads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OpenTrackingOff",
                table: "leads",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OptIn",
                table: "leads",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "OptedOutTopics",
                table: "leads",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "consent_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LeadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TextVersion = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consent_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    PausedUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_delivery_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "suppressed_addresses",
                columns: table => new
                {
                    EmailHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_suppressed_addresses", x => x.EmailHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_signals_MessageId_ReceivedAt",
                table: "signals",
                columns: new[] { "MessageId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_MessageIdHeader",
                table: "outbox",
                column: "MessageIdHeader");

            migrationBuilder.CreateIndex(
                name: "IX_consent_records_LeadId_At",
                table: "consent_records",
                columns: new[] { "LeadId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_delivery_alerts_Domain_PausedUntil",
                table: "delivery_alerts",
                columns: new[] { "Domain", "PausedUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consent_records");

            migrationBuilder.DropTable(
                name: "delivery_alerts");

            migrationBuilder.DropTable(
                name: "suppressed_addresses");

            migrationBuilder.DropIndex(
                name: "IX_signals_MessageId_ReceivedAt",
                table: "signals");

            migrationBuilder.DropIndex(
                name: "IX_outbox_MessageIdHeader",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "Feedback",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "FeedbackAt",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "RecipientDomain",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "Topic",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "ComplainedAt",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "OpenTrackingOff",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "OptIn",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "OptedOutTopics",
                table: "leads");
        }
    }
}
