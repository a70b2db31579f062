using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class WebhookSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "webhooks",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Handoff"); // Rows queued before journeys had a secret of their own were signed with the CRM secret.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Source",
                table: "webhooks");
        }
    }
}
