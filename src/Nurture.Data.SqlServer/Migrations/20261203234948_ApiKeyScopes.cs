using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "GeneratedAtFirstStart",
                table: "api_keys",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Scopes",
                table: "api_keys",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "admin"); // every key made before scopes could do everything

            // The key the first start generated was the only one named so; it goes once keys are configured.
            migrationBuilder.Sql(@"UPDATE api_keys SET [GeneratedAtFirstStart] = 1 WHERE [Name] = N'first-start'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GeneratedAtFirstStart",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "Scopes",
                table: "api_keys");
        }
    }
}
