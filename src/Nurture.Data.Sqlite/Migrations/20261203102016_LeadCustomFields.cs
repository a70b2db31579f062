using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LeadCustomFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Fields",
                table: "leads",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Fields",
                table: "leads");
        }
    }
}
