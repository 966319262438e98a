using System.Globalization;
using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Intake;

/// <summary>
/// Keyword search over a case's title and address. On PostgreSQL a GIN index over their character bigrams
/// (<c>ix_cases_text_bigrams</c>) narrows the cases to those holding every bigram of the keyword before each candidate's
/// text is checked, so a keyword that few cases contain is found without reading the whole period. Bigrams, not
/// pg_trgm's trigrams, because most Chinese keywords (噪音, 油烟, 占道) are two characters long.
/// </summary>
public static class CaseTextSearch
{
    /// <summary>
    /// True when the case's title or address may contain the keyword: it has all the keyword's bigrams. Translated to
    /// <c>casehub_text_may_contain</c>, an SQL function PostgreSQL inlines into the indexed expression.
    /// </summary>
    public static bool MayContain(string title, string? address, string keyword) =>
        throw new InvalidOperationException("CaseTextSearch.MayContain is translated to SQL and runs only in a query on PostgreSQL.");

    internal static void Map(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(CaseTextSearch).GetMethod(nameof(MayContain))!).HasName("casehub_text_may_contain");

    /// <summary>Cases whose tracking number is the text, or whose title or address contains it.</summary>
    public static IQueryable<Case> Matching(IQueryable<Case> cases, CaseHubDbContext db, string text)
    {
        if (!db.Database.IsNpgsql() || new StringInfo(text).LengthInTextElements < 2)
            return cases.Where(c => c.TrackingNumber == text || c.Title.Contains(text) || (c.Address != null && c.Address.Contains(text)));
        // The keyword goes into the SQL as a constant, so PostgreSQL plans each search knowing how common its bigrams
        // are: a common word walks the newest cases and stops at a page, a rare one reads the bigram index. A generic
        // plan for a parameter would pick one of the two for every word.
        return cases.Where(c => c.TrackingNumber == text
            || (MayContain(c.Title, c.Address, EF.Constant(text)) && (c.Title.Contains(text) || (c.Address != null && c.Address.Contains(text)))));
    }
}
