using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddOrganisationItemsAndCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "counters",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counters", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name_zh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    parent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    kinds = table.Column<string>(type: "TEXT", nullable: false),
                    default_grade = table.Column<int>(type: "INTEGER", nullable: false),
                    keywords = table.Column<string>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    row_version = table.Column<long>(type: "INTEGER", nullable: false),
                    limit_accept_working_hours = table.Column<int>(type: "INTEGER", nullable: true),
                    limit_callback_working_days = table.Column<int>(type: "INTEGER", nullable: true),
                    limit_completion_working_days = table.Column<int>(type: "INTEGER", nullable: true),
                    limit_dispatch_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    limit_first_contact_working_hours = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_items_items_parent_id",
                        column: x => x.parent_id,
                        principalTable: "items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "org_units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    parent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    path = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    boundary_geo_json = table.Column<string>(type: "TEXT", nullable: true),
                    row_version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_org_units", x => x.id);
                    table.ForeignKey(
                        name: "fk_org_units_org_units_parent_id",
                        column: x => x.parent_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "staff_users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    roles = table.Column<string>(type: "TEXT", nullable: false),
                    org_unit_scope = table.Column<string>(type: "TEXT", nullable: false),
                    department_scope = table.Column<string>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    row_version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "departments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    org_unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    row_version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_departments", x => x.id);
                    table.ForeignKey(
                        name: "fk_departments_org_units_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tracking_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    channel = table.Column<int>(type: "INTEGER", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    grade = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    grid_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    jurisdiction_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    department_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    duplicate_of_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    attachments = table.Column<string>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: true),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    workflow_instance_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    return_count = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    row_version = table.Column<long>(type: "INTEGER", nullable: false),
                    complainant_id_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    complainant_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    complainant_phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cases", x => x.id);
                    table.ForeignKey(
                        name: "fk_cases_cases_duplicate_of_id",
                        column: x => x.duplicate_of_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_departments_department_id",
                        column: x => x.department_id,
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_items_item_id",
                        column: x => x.item_id,
                        principalTable: "items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_org_units_grid_id",
                        column: x => x.grid_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_org_units_jurisdiction_id",
                        column: x => x.jurisdiction_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "responsibility_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    org_unit_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    department_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    row_version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_responsibility_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_responsibility_rules_departments_department_id",
                        column: x => x.department_id,
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_responsibility_rules_items_item_id",
                        column: x => x.item_id,
                        principalTable: "items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_responsibility_rules_org_units_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_department_status_due",
                table: "cases",
                columns: new[] { "department_id", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_duplicate_of_id",
                table: "cases",
                column: "duplicate_of_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_grid",
                table: "cases",
                column: "grid_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_item_status_received",
                table: "cases",
                columns: new[] { "item_id", "status", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_jurisdiction_status_received",
                table: "cases",
                columns: new[] { "jurisdiction_id", "status", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_status_received",
                table: "cases",
                columns: new[] { "status", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_workflow_instance",
                table: "cases",
                column: "workflow_instance_id");

            migrationBuilder.CreateIndex(
                name: "ux_cases_channel_external_id",
                table: "cases",
                columns: new[] { "channel", "external_id" },
                unique: true,
                filter: "external_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_cases_tracking_number",
                table: "cases",
                column: "tracking_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_departments_org_unit",
                table: "departments",
                column: "org_unit_id");

            migrationBuilder.CreateIndex(
                name: "ux_departments_code",
                table: "departments",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_items_parent",
                table: "items",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ux_items_code",
                table: "items",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_org_units_level",
                table: "org_units",
                column: "level");

            migrationBuilder.CreateIndex(
                name: "ix_org_units_parent",
                table: "org_units",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_org_units_path",
                table: "org_units",
                column: "path");

            migrationBuilder.CreateIndex(
                name: "ux_org_units_code",
                table: "org_units",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_responsibility_rules_department_id",
                table: "responsibility_rules",
                column: "department_id");

            migrationBuilder.CreateIndex(
                name: "ix_responsibility_rules_item_org_unit",
                table: "responsibility_rules",
                columns: new[] { "item_id", "org_unit_id" });

            migrationBuilder.CreateIndex(
                name: "IX_responsibility_rules_org_unit_id",
                table: "responsibility_rules",
                column: "org_unit_id");

            migrationBuilder.CreateIndex(
                name: "ux_staff_users_user_name",
                table: "staff_users",
                column: "user_name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "counters");

            migrationBuilder.DropTable(
                name: "responsibility_rules");

            migrationBuilder.DropTable(
                name: "staff_users");

            migrationBuilder.DropTable(
                name: "departments");

            migrationBuilder.DropTable(
                name: "items");

            migrationBuilder.DropTable(
                name: "org_units");
        }
    }
}
