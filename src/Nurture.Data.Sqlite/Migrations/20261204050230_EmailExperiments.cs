using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EmailExperiments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExperimentKey",
                table: "outbox",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Variant",
                table: "outbox",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_ExperimentKey",
                table: "outbox",
                column: "ExperimentKey",
                filter: "\"ExperimentKey\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_ExperimentKey",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "ExperimentKey",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "Variant",
                table: "outbox");
        }
    }
}
