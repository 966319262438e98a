using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeyTheBigramIndexByStatusAndDepartment : Migration
    {
        /// <summary>
        /// The workbench lists' keyword filter read every candidate of a keyword in the whole table, or walked the list,
        /// to find the few in one queue or inbox. Keyed by status and department as well, the bigram index finds a
        /// list's own matches: GIN intersects the keys' posting lists before any case is read. btree_gin gives GIN the
        /// equality of plain columns; it is a trusted extension, so the database's owner may create it.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS btree_gin;
                DROP INDEX ix_cases_text_bigrams;
                CREATE INDEX ix_cases_text_bigrams ON cases USING gin (casehub_case_bigrams(title, address), status, department_id);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_cases_text_bigrams;
                CREATE INDEX ix_cases_text_bigrams ON cases USING gin (casehub_case_bigrams(title, address));
                """);
        }
    }
}
