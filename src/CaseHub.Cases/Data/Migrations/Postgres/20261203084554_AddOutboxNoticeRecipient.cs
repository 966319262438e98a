using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddOutboxNoticeRecipient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "recipient",
                table: "reply_outbox",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "recipient",
                table: "reply_outbox");
        }
    }
}
