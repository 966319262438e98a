using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeyTheBigramIndexByStatusAndDepartment : Migration
    {
        /// <summary>Nothing on SQLite, which has no bigram index (see IndexCaseTextByBigrams).</summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
