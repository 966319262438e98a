using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexCaseTextByBigrams : Migration
    {
        /// <summary>
        /// Nothing on SQLite: the bigram index is PostgreSQL's (GIN over text[]). The embedded database serves a demo or
        /// a small centre, where checking each case of the period is fast enough; CaseTextSearch does that here.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
