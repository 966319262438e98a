using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexIntakeLookups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_item_status_received",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ux_cases_channel_external_id",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "ix_cases_item_received",
                table: "cases",
                columns: new[] { "item_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ux_cases_channel_external_id",
                table: "cases",
                columns: new[] { "channel", "external_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_item_received",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ux_cases_channel_external_id",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "ix_cases_item_status_received",
                table: "cases",
                columns: new[] { "item_id", "status", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ux_cases_channel_external_id",
                table: "cases",
                columns: new[] { "channel", "external_id" },
                unique: true,
                filter: "external_id IS NOT NULL");
        }
    }
}
