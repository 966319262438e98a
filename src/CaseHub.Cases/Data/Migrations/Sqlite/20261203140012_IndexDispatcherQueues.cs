using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexDispatcherQueues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_cases_queue_duplicates",
                table: "cases",
                columns: new[] { "received_at", "id" },
                filter: "status = 1 AND probable_duplicate_of_id IS NOT NULL AND duplicate_of_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_cases_queue_new",
                table: "cases",
                columns: new[] { "received_at", "id" },
                filter: "status = 0");

            migrationBuilder.CreateIndex(
                name: "ix_cases_queue_returned",
                table: "cases",
                columns: new[] { "received_at", "id" },
                filter: "status = 1 AND return_count > 0");

            migrationBuilder.CreateIndex(
                name: "ix_cases_queue_unmatched",
                table: "cases",
                columns: new[] { "received_at", "id" },
                filter: "status = 1 AND return_count = 0 AND probable_duplicate_of_id IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_queue_duplicates",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_queue_new",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_queue_returned",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_queue_unmatched",
                table: "cases");
        }
    }
}
