using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexOnlyTheNonNullKeysOfTimersTasksAndDuplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_timers_instance",
                table: "workflow_timers");

            migrationBuilder.DropIndex(
                name: "ix_workflow_timers_subject",
                table: "workflow_timers");

            migrationBuilder.DropIndex(
                name: "ix_human_tasks_assignee_status",
                table: "human_tasks");

            migrationBuilder.DropIndex(
                name: "ix_cases_duplicate_of",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_probable_duplicate_of",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_instance",
                table: "workflow_timers",
                column: "instance_id",
                filter: "instance_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_subject",
                table: "workflow_timers",
                column: "subject_id",
                filter: "subject_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_assignee_status",
                table: "human_tasks",
                columns: new[] { "assignee", "status" },
                filter: "assignee IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_cases_duplicate_of",
                table: "cases",
                column: "duplicate_of_id",
                filter: "duplicate_of_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_cases_probable_duplicate_of",
                table: "cases",
                column: "probable_duplicate_of_id",
                filter: "probable_duplicate_of_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_timers_instance",
                table: "workflow_timers");

            migrationBuilder.DropIndex(
                name: "ix_workflow_timers_subject",
                table: "workflow_timers");

            migrationBuilder.DropIndex(
                name: "ix_human_tasks_assignee_status",
                table: "human_tasks");

            migrationBuilder.DropIndex(
                name: "ix_cases_duplicate_of",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_probable_duplicate_of",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_instance",
                table: "workflow_timers",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_subject",
                table: "workflow_timers",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_assignee_status",
                table: "human_tasks",
                columns: new[] { "assignee", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_duplicate_of",
                table: "cases",
                column: "duplicate_of_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_probable_duplicate_of",
                table: "cases",
                column: "probable_duplicate_of_id");
        }
    }
}
