using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.SqlServer.Migrations
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
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "signals",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "outbox",
                type: "nvarchar(64)",
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
