using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddCaseDuplicatesAndAcceptance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameIndex(
                name: "IX_cases_duplicate_of_id",
                table: "cases",
                newName: "ix_cases_duplicate_of");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "accepted_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dispatched_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "probable_duplicate_of_id",
                table: "cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_cases_probable_duplicate_of",
                table: "cases",
                column: "probable_duplicate_of_id");

            migrationBuilder.AddForeignKey(
                name: "fk_cases_cases_probable_duplicate_of_id",
                table: "cases",
                column: "probable_duplicate_of_id",
                principalTable: "cases",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_cases_cases_probable_duplicate_of_id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_probable_duplicate_of",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "accepted_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "dispatched_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "probable_duplicate_of_id",
                table: "cases");

            migrationBuilder.RenameIndex(
                name: "ix_cases_duplicate_of",
                table: "cases",
                newName: "IX_cases_duplicate_of_id");
        }
    }
}
