using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Scoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "AnnualRevenue",
                table: "leads",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CompanySize",
                table: "leads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FitScore",
                table: "leads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "InactivityPenalizedAt",
                table: "leads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Industry",
                table: "leads",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastEngagedAt",
                table: "leads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QualityScore",
                table: "leads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ReliabilityScore",
                table: "leads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ScoreDecayedAt",
                table: "leads",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AnnualRevenue",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "CompanySize",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "FitScore",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "InactivityPenalizedAt",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "Industry",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "LastEngagedAt",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "QualityScore",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "ReliabilityScore",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "ScoreDecayedAt",
                table: "leads");
        }
    }
}
