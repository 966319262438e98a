using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddAssessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metric_daily_departments",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    department_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dispatched = table.Column<int>(type: "integer", nullable: false),
                    dispatched_in_time = table.Column<int>(type: "integer", nullable: false),
                    accepted_in_time = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    completed_on_time = table.Column<int>(type: "integer", nullable: false),
                    returned = table.Column<int>(type: "integer", nullable: false),
                    reopened = table.Column<int>(type: "integer", nullable: false),
                    callback_answered = table.Column<int>(type: "integer", nullable: false),
                    resolved = table.Column<int>(type: "integer", nullable: false),
                    satisfied = table.Column<int>(type: "integer", nullable: false),
                    partly_satisfied = table.Column<int>(type: "integer", nullable: false),
                    blue_card = table.Column<int>(type: "integer", nullable: false),
                    yellow_card = table.Column<int>(type: "integer", nullable: false),
                    red_card = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_daily_departments", x => new { x.day, x.department_id });
                });

            migrationBuilder.CreateTable(
                name: "metric_daily_grids",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    grid_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dispatched = table.Column<int>(type: "integer", nullable: false),
                    dispatched_in_time = table.Column<int>(type: "integer", nullable: false),
                    accepted_in_time = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    completed_on_time = table.Column<int>(type: "integer", nullable: false),
                    returned = table.Column<int>(type: "integer", nullable: false),
                    reopened = table.Column<int>(type: "integer", nullable: false),
                    callback_answered = table.Column<int>(type: "integer", nullable: false),
                    resolved = table.Column<int>(type: "integer", nullable: false),
                    satisfied = table.Column<int>(type: "integer", nullable: false),
                    partly_satisfied = table.Column<int>(type: "integer", nullable: false),
                    blue_card = table.Column<int>(type: "integer", nullable: false),
                    yellow_card = table.Column<int>(type: "integer", nullable: false),
                    red_card = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_daily_grids", x => new { x.day, x.grid_id });
                });

            migrationBuilder.CreateTable(
                name: "metric_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    metric = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    department_id = table.Column<Guid>(type: "uuid", nullable: true),
                    grid_id = table.Column<Guid>(type: "uuid", nullable: true),
                    item_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "spike_alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    area_id = table.Column<Guid>(type: "uuid", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    mean = table.Column<double>(type: "double precision", nullable: false),
                    std_dev = table.Column<double>(type: "double precision", nullable: false),
                    threshold = table.Column<double>(type: "double precision", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acknowledged_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    row_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spike_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_spike_alerts_items_item_id",
                        column: x => x.item_id,
                        principalTable: "items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_spike_alerts_org_units_area_id",
                        column: x => x.area_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_received_item_jurisdiction",
                table: "cases",
                columns: new[] { "received_at", "item_id", "jurisdiction_id" });

            migrationBuilder.CreateIndex(
                name: "ix_spike_alerts_area",
                table: "spike_alerts",
                column: "area_id");

            migrationBuilder.CreateIndex(
                name: "ix_spike_alerts_item",
                table: "spike_alerts",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ux_spike_alerts_day_item_area",
                table: "spike_alerts",
                columns: new[] { "day", "item_id", "area_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "metric_daily_departments");

            migrationBuilder.DropTable(
                name: "metric_daily_grids");

            migrationBuilder.DropTable(
                name: "metric_events");

            migrationBuilder.DropTable(
                name: "spike_alerts");

            migrationBuilder.DropIndex(
                name: "ix_cases_received_item_jurisdiction",
                table: "cases");
        }
    }
}
