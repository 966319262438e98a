using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseHub.Cases.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexOnlyTheRarerBigramsOfAKeyword : Migration
    {
        /// <summary>
        /// casehub_text_matches takes the bigrams the index is to look up, instead of all the keyword's: CaseTextSearch
        /// leaves out the ones most cases hold (社区 is in every address), whose posting lists cost most of a phrase's
        /// index scan and narrow nothing. The text itself is still tested, so the rows found are the same.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION casehub_text_matches(text, text, text);

                CREATE FUNCTION casehub_text_matches(title text, address text, keyword text, bigrams text[]) RETURNS boolean
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN casehub_case_bigrams(title, address) @> bigrams AND (strpos(title, keyword) > 0 OR strpos(address, keyword) > 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION casehub_text_matches(text, text, text, text[]);

                CREATE FUNCTION casehub_text_matches(title text, address text, keyword text) RETURNS boolean
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN casehub_case_bigrams(title, address) @> casehub_bigrams(keyword) AND (strpos(title, keyword) > 0 OR strpos(address, keyword) > 0);
                """);
        }
    }
}
