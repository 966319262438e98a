using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialWorkflowEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "workflow_definitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    source_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_definitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workflow_timers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: true),
                    activity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    payload_json = table.Column<string>(type: "text", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_timers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workflow_instances",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    definition_version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition_version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    correlation_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    input_json = table.Column<string>(type: "text", nullable: false),
                    variables_json = table.Column<string>(type: "text", nullable: false),
                    state_json = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_instances", x => x.id);
                    table.ForeignKey(
                        name: "fk_workflow_instances_workflow_definitions_definition_version_id",
                        column: x => x.definition_version_id,
                        principalTable: "workflow_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "human_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    activity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    activity_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    candidate_group = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    assignee = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    outcomes_json = table.Column<string>(type: "text", nullable: false),
                    outcome = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    form_data_json = table.Column<string>(type: "text", nullable: true),
                    correlation_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_human_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_human_tasks_workflow_instances_instance_id",
                        column: x => x.instance_id,
                        principalTable: "workflow_instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workflow_event_bookmarks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    activity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    event_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    correlation_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_event_bookmarks", x => x.id);
                    table.ForeignKey(
                        name: "fk_workflow_event_bookmarks_workflow_instances_instance_id",
                        column: x => x.instance_id,
                        principalTable: "workflow_instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workflow_incidents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    activity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    activity_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    detail = table.Column<string>(type: "text", nullable: true),
                    resume_signal_json = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_incidents", x => x.id);
                    table.ForeignKey(
                        name: "fk_workflow_incidents_workflow_instances_instance_id",
                        column: x => x.instance_id,
                        principalTable: "workflow_instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workflow_journal",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    activity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    activity_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    @event = table.Column<int>(name: "event", type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_journal", x => x.id);
                    table.ForeignKey(
                        name: "fk_workflow_journal_workflow_instances_instance_id",
                        column: x => x.instance_id,
                        principalTable: "workflow_instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_assignee_status",
                table: "human_tasks",
                columns: new[] { "assignee", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_correlation",
                table: "human_tasks",
                column: "correlation_id");

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_group_status_due",
                table: "human_tasks",
                columns: new[] { "candidate_group", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_human_tasks_instance",
                table: "human_tasks",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_definitions_definition_status",
                table: "workflow_definitions",
                columns: new[] { "definition_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ux_workflow_definitions_definition_version",
                table: "workflow_definitions",
                columns: new[] { "definition_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_workflow_event_bookmarks_instance",
                table: "workflow_event_bookmarks",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_event_bookmarks_name_correlation",
                table: "workflow_event_bookmarks",
                columns: new[] { "event_name", "correlation_id" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_incidents_instance_resolved",
                table: "workflow_incidents",
                columns: new[] { "instance_id", "resolved_at" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_correlation",
                table: "workflow_instances",
                column: "correlation_id");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_definition_status",
                table: "workflow_instances",
                columns: new[] { "definition_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_version_status",
                table: "workflow_instances",
                columns: new[] { "definition_version_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_journal_instance_sequence",
                table: "workflow_journal",
                columns: new[] { "instance_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_due",
                table: "workflow_timers",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_instance",
                table: "workflow_timers",
                column: "instance_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "human_tasks");

            migrationBuilder.DropTable(
                name: "workflow_event_bookmarks");

            migrationBuilder.DropTable(
                name: "workflow_incidents");

            migrationBuilder.DropTable(
                name: "workflow_journal");

            migrationBuilder.DropTable(
                name: "workflow_timers");

            migrationBuilder.DropTable(
                name: "workflow_instances");

            migrationBuilder.DropTable(
                name: "workflow_definitions");
        }
    }
}
