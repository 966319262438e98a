using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexCasesByComplainantPhone : Migration
    {
        /// <summary>
        /// 来电查询: an agent looks up a caller's earlier cases by phone while the call is on, newest first. Written by
        /// hand because EF cannot declare an index over a complex property's column (Complainant.Phone), so the model
        /// snapshot does not know it and no later migration will drop it.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_cases_complainant_phone",
                table: "cases",
                columns: new[] { "complainant_phone", "received_at" },
                filter: "complainant_phone IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "ix_cases_complainant_phone", table: "cases");
        }
    }
}
