using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nurture.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WebsiteVisitorsAndForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "spent_tokens",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_spent_tokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "visitors",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Site = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LeadId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IdentifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IdentifiedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_visitors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_visitors_leads_LeadId",
                        column: x => x.LeadId,
                        principalTable: "leads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "website_hits",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    VisitorId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Site = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PropertiesJson = table.Column<string>(type: "TEXT", nullable: true),
                    Label = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LabelReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_website_hits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_website_hits_visitors_VisitorId",
                        column: x => x.VisitorId,
                        principalTable: "visitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_spent_tokens_ExpiresAt",
                table: "spent_tokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_visitors_LeadId",
                table: "visitors",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_website_hits_OccurredAt",
                table: "website_hits",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_website_hits_VisitorId",
                table: "website_hits",
                column: "VisitorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "spent_tokens");

            migrationBuilder.DropTable(
                name: "website_hits");

            migrationBuilder.DropTable(
                name: "visitors");
        }
    }
}
