using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TimeZoneSourceRecycleAndResponses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsResponse",
                table: "outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "RecycledAt",
                table: "leads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TimeZoneSource",
                table: "leads",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            // Zones stored before their source was recorded were all given explicitly (nothing inferred them).
            migrationBuilder.Sql("UPDATE leads SET \"TimeZoneSource\" = 'Explicit' WHERE \"TimeZone\" IS NOT NULL;");
            // Leads recycled before now: their cooldown counts from their last rejection.
            migrationBuilder.Sql("UPDATE leads SET \"RecycledAt\" = (SELECT MAX(t.\"At\") FROM stage_transitions t WHERE t.\"LeadId\" = leads.\"Id\" AND t.\"To\" = 'Recycled') WHERE \"Stage\" = 'Recycled';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsResponse",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "RecycledAt",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "TimeZoneSource",
                table: "leads");
        }
    }
}
