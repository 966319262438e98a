using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace CaseHub.Cases.Features.Intake;

/// <summary>
/// Keyword search over a case's title and address. On PostgreSQL a GIN index over their character bigrams
/// (<c>ix_cases_text_bigrams</c>) finds the cases holding every bigram of the keyword, so a keyword that few cases
/// contain is found without reading the whole period. Bigrams, not pg_trgm's trigrams, because most Chinese keywords
/// (噪音, 油烟, 占道) are two characters long.
/// <para>
/// A keyword many cases contain is better found the old way, walking the newest cases until a page is full. Which of
/// the two a keyword needs is measured, not left to PostgreSQL's estimate: it multiplies the bigrams' frequencies as if
/// they were independent, so the bigrams of a common phrase (路灯, 灯杆, 杆损 …) look rare, and without statistics a
/// rare word looks common. A probe counts the index's candidates, up to <c>Search:MaxIndexedCandidates</c>; at or
/// below that the search reads them from the index, above it the search walks.
/// </para>
/// </summary>
public sealed class CaseTextSearch(IConfiguration configuration)
{
    public const int DefaultMaxIndexedCandidates = 1_000;

    private int MaxIndexedCandidates => Math.Max(1, configuration.GetValue("Search:MaxIndexedCandidates", DefaultMaxIndexedCandidates));

    /// <summary>
    /// True when the case's title or address contains the keyword. Translated to <c>casehub_text_matches</c>, an SQL
    /// function PostgreSQL inlines, so that its bigram test matches the indexed expression.
    /// </summary>
    public static bool Matches(string title, string? address, string keyword) =>
        throw new InvalidOperationException("CaseTextSearch.Matches is translated to SQL and runs only in a query on PostgreSQL.");

    internal static void Map(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(CaseTextSearch).GetMethod(nameof(Matches))!).HasName("casehub_text_matches");

    /// <summary>
    /// Cases whose tracking number is the text, or whose title or address contains it; and whether the query reads its
    /// candidates from the bigram index, which the caller then makes PostgreSQL do (see <see cref="IndexOnlyPlan"/>).
    /// </summary>
    public async Task<(IQueryable<Case> Cases, bool FromIndex)> MatchingAsync(IQueryable<Case> cases, CaseHubDbContext db, string text,
        CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql() && text.EnumerateRunes().Skip(1).Any() && await CandidatesAsync(db, text, MaxIndexedCandidates + 1, cancellationToken) <= MaxIndexedCandidates)
            return (cases.Where(c => c.TrackingNumber == text || Matches(c.Title, c.Address, text)), true);
        return (cases.Where(c => c.TrackingNumber == text || c.Title.Contains(text) || (c.Address != null && c.Address.Contains(text))), false);
    }

    /// <summary>
    /// Planner settings, for the transaction of a query that reads its candidates from the index: a plain index scan
    /// (the newest-first walk) and a table scan are both ruled out, which leaves the bitmap scans of the index.
    /// </summary>
    public const string IndexOnlyPlan = "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off";

    /// <summary>How many cases hold all the text's bigrams, counting no further than <paramref name="limit"/>.</summary>
    private static Task<int> CandidatesAsync(CaseHubDbContext db, string text, int limit, CancellationToken cancellationToken) =>
        PlannerSettings.ReadWithAsync(db, CountFromIndex, token => CountAsync(db, text, limit, token), cancellationToken);

    private const string CountFromIndex = "SET LOCAL enable_seqscan = off; " + PlannerSettings.PlanForTheValues;

    private static Task<int> CountAsync(CaseHubDbContext db, string text, int limit, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM (
                SELECT 1 FROM cases WHERE casehub_case_bigrams(title, address) @> casehub_bigrams({text}) LIMIT {limit}) AS candidates
            """).SingleAsync(cancellationToken);
}
