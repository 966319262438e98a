using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddAccessAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    entity = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    operation = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    before_json = table.Column<string>(type: "TEXT", nullable: true),
                    after_json = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    normalized_user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    email_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    security_stamp = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<long>(type: "INTEGER", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    access_failed_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_account_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_account_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_account_claims_user_accounts_user_id",
                        column: x => x.user_id,
                        principalTable: "user_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_account_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    provider_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    provider_display_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_account_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_account_logins_user_accounts_user_id",
                        column: x => x.user_id,
                        principalTable: "user_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_account_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    login_provider = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_account_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_account_tokens_user_accounts_user_id",
                        column: x => x.user_id,
                        principalTable: "user_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor",
                table: "audit_entries",
                columns: new[] { "actor", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity",
                table: "audit_entries",
                columns: new[] { "entity", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_account_claims_user",
                table: "user_account_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_account_logins_user",
                table: "user_account_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_accounts_email",
                table: "user_accounts",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "ux_user_accounts_user_name",
                table: "user_accounts",
                column: "normalized_user_name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "user_account_claims");

            migrationBuilder.DropTable(
                name: "user_account_logins");

            migrationBuilder.DropTable(
                name: "user_account_tokens");

            migrationBuilder.DropTable(
                name: "user_accounts");
        }
    }
}
