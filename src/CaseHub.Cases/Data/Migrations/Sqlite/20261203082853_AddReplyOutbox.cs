using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddReplyOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "callback_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "callback_resolved",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "callback_result",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "reopen_count",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "replied_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply_text",
                table: "cases",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "reply_outbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    adapter = table.Column<int>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    dead_lettered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    row_version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reply_outbox", x => x.id);
                    table.ForeignKey(
                        name: "fk_reply_outbox_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reply_outbox_case_status",
                table: "reply_outbox",
                columns: new[] { "case_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_reply_outbox_status_created",
                table: "reply_outbox",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reply_outbox");

            migrationBuilder.DropColumn(
                name: "callback_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "callback_resolved",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "callback_result",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "reopen_count",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "replied_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "reply_text",
                table: "cases");
        }
    }
}
