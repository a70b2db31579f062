using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.SqlServer.Migrations
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
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CompanySize",
                table: "leads",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FitScore",
                table: "leads",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "InactivityPenalizedAt",
                table: "leads",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Industry",
                table: "leads",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastEngagedAt",
                table: "leads",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QualityScore",
                table: "leads",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ReliabilityScore",
                table: "leads",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ScoreDecayedAt",
                table: "leads",
                type: "datetimeoffset",
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
