using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSupervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "subject_id",
                table: "workflow_timers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "suspended_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_days", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "case_deadlines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage = table.Column<int>(type: "integer", nullable: false),
                    department_id = table.Column<Guid>(type: "uuid", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    unit = table.Column<int>(type: "integer", nullable: false),
                    limit = table.Column<double>(type: "double precision", nullable: false),
                    blue_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    red_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    met = table.Column<bool>(type: "boolean", nullable: false),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    remaining_when_paused = table.Column<TimeSpan>(type: "interval", nullable: true),
                    generation = table.Column<int>(type: "integer", nullable: false),
                    cards = table.Column<int>(type: "integer", nullable: false),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_deadlines", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_deadlines_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_case_deadlines_departments_department_id",
                        column: x => x.department_id,
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_events_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "escalations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    closing_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalations", x => x.id);
                    table.ForeignKey(
                        name: "fk_escalations_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_escalations_org_units_centre_id",
                        column: x => x.centre_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    read_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supervision_orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    department_id = table.Column<Guid>(type: "uuid", nullable: true),
                    demand = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    response = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    responded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervision_orders_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_supervision_orders_departments_department_id",
                        column: x => x.department_id,
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    deadline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage = table.Column<int>(type: "integer", nullable: false),
                    department_id = table.Column<Guid>(type: "uuid", nullable: true),
                    colour = table.Column<int>(type: "integer", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cards", x => x.id);
                    table.ForeignKey(
                        name: "fk_cards_case_deadlines_deadline_id",
                        column: x => x.deadline_id,
                        principalTable: "case_deadlines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_cards_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "extension_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    deadline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    previous_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requested_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_extension_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_extension_requests_case_deadlines_deadline_id",
                        column: x => x.deadline_id,
                        principalTable: "case_deadlines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_extension_requests_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "calendar_days",
                columns: new[] { "date", "kind", "name", "row_version" },
                values: new object[,]
                {
                    { new DateOnly(2025, 1, 1), 1, "元旦", 0L },
                    { new DateOnly(2025, 1, 26), 2, "春节调休上班", 0L },
                    { new DateOnly(2025, 1, 28), 1, "春节", 0L },
                    { new DateOnly(2025, 1, 29), 1, "春节", 0L },
                    { new DateOnly(2025, 1, 30), 1, "春节", 0L },
                    { new DateOnly(2025, 1, 31), 1, "春节", 0L },
                    { new DateOnly(2025, 2, 1), 1, "春节", 0L },
                    { new DateOnly(2025, 2, 2), 1, "春节", 0L },
                    { new DateOnly(2025, 2, 3), 1, "春节", 0L },
                    { new DateOnly(2025, 2, 4), 1, "春节", 0L },
                    { new DateOnly(2025, 2, 8), 2, "春节调休上班", 0L },
                    { new DateOnly(2025, 4, 4), 1, "清明节", 0L },
                    { new DateOnly(2025, 4, 5), 1, "清明节", 0L },
                    { new DateOnly(2025, 4, 6), 1, "清明节", 0L },
                    { new DateOnly(2025, 4, 27), 2, "劳动节调休上班", 0L },
                    { new DateOnly(2025, 5, 1), 1, "劳动节", 0L },
                    { new DateOnly(2025, 5, 2), 1, "劳动节", 0L },
                    { new DateOnly(2025, 5, 3), 1, "劳动节", 0L },
                    { new DateOnly(2025, 5, 4), 1, "劳动节", 0L },
                    { new DateOnly(2025, 5, 5), 1, "劳动节", 0L },
                    { new DateOnly(2025, 5, 31), 1, "端午节", 0L },
                    { new DateOnly(2025, 6, 1), 1, "端午节", 0L },
                    { new DateOnly(2025, 6, 2), 1, "端午节", 0L },
                    { new DateOnly(2025, 9, 28), 2, "国庆节调休上班", 0L },
                    { new DateOnly(2025, 10, 1), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 2), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 3), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 4), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 5), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 6), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 7), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 8), 1, "国庆节、中秋节", 0L },
                    { new DateOnly(2025, 10, 11), 2, "国庆节调休上班", 0L },
                    { new DateOnly(2026, 1, 1), 1, "元旦", 0L },
                    { new DateOnly(2026, 1, 2), 1, "元旦", 0L },
                    { new DateOnly(2026, 1, 3), 1, "元旦", 0L },
                    { new DateOnly(2026, 1, 4), 2, "元旦调休上班", 0L },
                    { new DateOnly(2026, 2, 14), 2, "春节调休上班", 0L },
                    { new DateOnly(2026, 2, 15), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 16), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 17), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 18), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 19), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 20), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 21), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 22), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 23), 1, "春节", 0L },
                    { new DateOnly(2026, 2, 28), 2, "春节调休上班", 0L },
                    { new DateOnly(2026, 4, 4), 1, "清明节", 0L },
                    { new DateOnly(2026, 4, 5), 1, "清明节", 0L },
                    { new DateOnly(2026, 4, 6), 1, "清明节", 0L },
                    { new DateOnly(2026, 5, 1), 1, "劳动节", 0L },
                    { new DateOnly(2026, 5, 2), 1, "劳动节", 0L },
                    { new DateOnly(2026, 5, 3), 1, "劳动节", 0L },
                    { new DateOnly(2026, 5, 4), 1, "劳动节", 0L },
                    { new DateOnly(2026, 5, 5), 1, "劳动节", 0L },
                    { new DateOnly(2026, 5, 9), 2, "劳动节调休上班", 0L },
                    { new DateOnly(2026, 6, 19), 1, "端午节", 0L },
                    { new DateOnly(2026, 6, 20), 1, "端午节", 0L },
                    { new DateOnly(2026, 6, 21), 1, "端午节", 0L },
                    { new DateOnly(2026, 9, 20), 2, "国庆节调休上班", 0L },
                    { new DateOnly(2026, 9, 25), 1, "中秋节", 0L },
                    { new DateOnly(2026, 9, 26), 1, "中秋节", 0L },
                    { new DateOnly(2026, 9, 27), 1, "中秋节", 0L },
                    { new DateOnly(2026, 10, 1), 1, "国庆节", 0L },
                    { new DateOnly(2026, 10, 2), 1, "国庆节", 0L },
                    { new DateOnly(2026, 10, 3), 1, "国庆节", 0L },
                    { new DateOnly(2026, 10, 4), 1, "国庆节", 0L },
                    { new DateOnly(2026, 10, 5), 1, "国庆节", 0L },
                    { new DateOnly(2026, 10, 6), 1, "国庆节", 0L },
                    { new DateOnly(2026, 10, 7), 1, "国庆节", 0L },
                    { new DateOnly(2026, 10, 10), 2, "国庆节调休上班", 0L }
                });

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_subject",
                table: "workflow_timers",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "ix_cards_case",
                table: "cards",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_cards_department_issued",
                table: "cards",
                columns: new[] { "department_id", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ux_cards_deadline_colour",
                table: "cards",
                columns: new[] { "deadline_id", "colour" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_deadlines_case",
                table: "case_deadlines",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_deadlines_department_id",
                table: "case_deadlines",
                column: "department_id");

            migrationBuilder.CreateIndex(
                name: "ix_case_deadlines_open_due",
                table: "case_deadlines",
                column: "due_at",
                filter: "closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_case_events_case_at",
                table: "case_events",
                columns: new[] { "case_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_escalations_case",
                table: "escalations",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_escalations_open_centre",
                table: "escalations",
                columns: new[] { "centre_id", "created_at" },
                filter: "closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_extension_requests_case",
                table: "extension_requests",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_extension_requests_pending",
                table: "extension_requests",
                column: "status",
                filter: "status = 0");

            migrationBuilder.CreateIndex(
                name: "ux_extension_requests_pending",
                table: "extension_requests",
                column: "deadline_id",
                unique: true,
                filter: "status = 0");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_created",
                table: "notifications",
                columns: new[] { "recipient", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_orders_case",
                table: "supervision_orders",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_orders_open_department",
                table: "supervision_orders",
                columns: new[] { "department_id", "due_at" },
                filter: "status = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_days");

            migrationBuilder.DropTable(
                name: "cards");

            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "escalations");

            migrationBuilder.DropTable(
                name: "extension_requests");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "supervision_orders");

            migrationBuilder.DropTable(
                name: "case_deadlines");

            migrationBuilder.DropIndex(
                name: "ix_workflow_timers_subject",
                table: "workflow_timers");

            migrationBuilder.DropColumn(
                name: "subject_id",
                table: "workflow_timers");

            migrationBuilder.DropColumn(
                name: "suspended_at",
                table: "cases");
        }
    }
}
