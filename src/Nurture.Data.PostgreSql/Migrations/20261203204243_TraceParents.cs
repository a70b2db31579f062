using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class TraceParents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "webhooks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "signals",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "outbox",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "signals");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "outbox");
        }
    }
}
