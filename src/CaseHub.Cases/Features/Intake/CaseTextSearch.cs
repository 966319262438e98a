using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Intake;

/// <summary>
/// Keyword search over a case's title and address. On PostgreSQL a GIN index over their character bigrams
/// (<c>ix_cases_text_bigrams</c>) finds the cases holding one bigram of the keyword before each candidate's text is
/// checked, so a keyword that few cases contain is found without reading the whole period. Bigrams, not pg_trgm's
/// trigrams, because most Chinese keywords (噪音, 油烟, 占道) are two characters long.
/// <para>
/// The index is asked for the keyword's rarest bigram only, from PostgreSQL's own statistics on the index. Asked for
/// all of them, PostgreSQL multiplies their frequencies as if they were independent, so the bigrams of a common phrase
/// (路灯, 灯杆, 杆损 …) looked rare, and it read thousands of candidates where walking the newest cases stops after a
/// page. The rarest one's frequency is an upper bound on the keyword's, so it chooses well between the two.
/// </para>
/// </summary>
public sealed class CaseTextSearch(IServiceScopeFactory scopes, TimeProvider time)
{
    private const string IndexName = "ix_cases_text_bigrams";

    private readonly CachedSnapshot<IReadOnlyDictionary<string, float>> _frequencies =
        new(scopes, time, () => TimeSpan.FromMinutes(10), LoadFrequenciesAsync);

    /// <summary>
    /// True when the case's title or address contains the keyword and has the bigram. Translated to
    /// <c>casehub_text_matches</c>, an SQL function PostgreSQL inlines, so the bigram test matches the indexed
    /// expression. The text is tested with <c>strpos</c>, whose selectivity PostgreSQL does not try to guess, rather than
    /// with LIKE, which it guesses from the pattern's length: a seven-character keyword looked so rare beside its
    /// bigram that PostgreSQL read all 7,575 cases holding the bigram (64 ms at 300,000 cases) instead of walking.
    /// </summary>
    public static bool Matches(string title, string? address, string keyword, string bigram) =>
        throw new InvalidOperationException("CaseTextSearch.Matches is translated to SQL and runs only in a query on PostgreSQL.");

    internal static void Map(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(CaseTextSearch).GetMethod(nameof(Matches))!).HasName("casehub_text_matches");

    /// <summary>The bigram to look the text up by in the index, or null where there is no index to use (SQLite, one character).</summary>
    public async ValueTask<string?> IndexedBigramAsync(CaseHubDbContext db, string text, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
            return null;
        var bigrams = Bigrams(text);
        return bigrams.Count == 0 ? null : Rarest(bigrams, await _frequencies.GetAsync(cancellationToken));
    }

    /// <summary>Cases whose tracking number is the text, or whose title or address contains it.</summary>
    public static IQueryable<Case> Matching(IQueryable<Case> cases, string text, string? indexedBigram) =>
        indexedBigram is null
            ? cases.Where(c => c.TrackingNumber == text || c.Title.Contains(text) || (c.Address != null && c.Address.Contains(text)))
            // The bigram goes into the SQL as a constant, so PostgreSQL plans each search knowing how common it is: a
            // common word walks the newest cases and stops at a page, a rare one reads the index. Walking, the text is
            // checked first: a case without it is passed over before its bigrams are computed.
            : cases.Where(c => c.TrackingNumber == text || Matches(c.Title, c.Address, text, EF.Constant(indexedBigram)));

    /// <summary>The text's pairs of adjacent characters, as PostgreSQL's casehub_bigrams makes them (by code point).</summary>
    public static List<string> Bigrams(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        var bigrams = new List<string>(Math.Max(0, runes.Length - 1));
        for (var i = 0; i + 1 < runes.Length; i++)
            bigrams.Add(string.Concat(runes[i].ToString(), runes[i + 1].ToString()));
        return bigrams;
    }

    /// <summary>The least frequent bigram; one the statistics do not list is rarer than any they do.</summary>
    public static string Rarest(IReadOnlyList<string> bigrams, IReadOnlyDictionary<string, float> frequencies) =>
        bigrams.MinBy(b => frequencies.GetValueOrDefault(b))!;

    /// <summary>
    /// The most common bigrams and the fraction of cases holding each, from the index's statistics (ANALYZE keeps
    /// them; empty before the first one). <c>most_common_elem_freqs</c> ends with three summary numbers, skipped here.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, float>> LoadFrequenciesAsync(CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var frequencies = new Dictionary<string, float>(StringComparer.Ordinal);
        if (!db.Database.IsNpgsql())
            return frequencies;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
            await connection.OpenAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT most_common_elems::text::text[], most_common_elem_freqs
                FROM pg_stats WHERE schemaname = current_schema() AND tablename = '{IndexName}' AND most_common_elems IS NOT NULL
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var elements = reader.GetFieldValue<string[]>(0);
                var values = reader.GetFieldValue<float[]>(1);
                for (var i = 0; i < elements.Length && i < values.Length; i++)
                    frequencies[elements[i]] = values[i];
            }
        }
        finally
        {
            if (opened)
                await connection.CloseAsync();
        }
        return frequencies;
    }
}
