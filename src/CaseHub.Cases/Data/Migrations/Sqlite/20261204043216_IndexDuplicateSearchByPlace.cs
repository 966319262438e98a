using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexDuplicateSearchByPlace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_item_received",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "ix_cases_item_location",
                table: "cases",
                columns: new[] { "item_id", "latitude", "longitude", "received_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_item_location",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "ix_cases_item_received",
                table: "cases",
                columns: new[] { "item_id", "received_at" });
        }
    }
}
