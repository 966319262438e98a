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
/// rare word looks common. A probe counts the index's candidates, up to a cap; at or below it the search reads them
/// from the index, above it the search walks.
/// </para>
/// <para>
/// The index carries each case's status and department as well (btree_gin), so a query on them (a workbench queue or
/// inbox, a status filter) has GIN intersect their posting lists with the keyword's before any case is read.
/// </para>
/// <para>
/// The cap grows with the table. Reading a candidate from the index cost about 16 µs, and the walk about 5.5 µs a case,
/// needing about 21 × rows ÷ candidates cases to fill a page when the matches are spread evenly (1 M cases, 2 vCPU;
/// docs/benchmarks.md). So the index is cheaper up to about √(7 × rows) candidates: 2,600 at 1 M cases, 8,400 at 10 M.
/// The cap is that, or <c>Search:MaxIndexedCandidates</c> (1,000) when more; <c>Search:IndexedCandidatesFactor</c>
/// (7) is the 7, and 0 keeps the cap fixed. The row count is PostgreSQL's estimate, read at most every 5 minutes.
/// </para>
/// <para>
/// A walk assumes the matches are spread over time. A keyword whose matches are all older than the period (a typhoon
/// two years ago) would walk the whole period, about 35 s at 10 M cases a year. So a walk reads at most
/// <c>Search:WalkBudgetFactor</c> (0.5) × cap cases per row the page needs, then the search reads the candidates from
/// the index after all. Above the cap a keyword's density is at least 7 ÷ cap, so a page of m rows is expected within
/// m × cap ÷ 7 cases: the budget leaves about 3.5 times that. 0 lets a walk run to the end of the period.
/// </para>
/// <para>
/// Counting is not free either: a keyword that 250,000 of 10 M cases hold took 0.15 s to count up to the cap, where
/// walking to a full page took 15 ms. So a search first walks <c>Search:FirstWalkPerRow</c> (100) cases per row the
/// page needs, which fills the page of a keyword held by about 1 % of the period's cases, and counts only when that
/// walk did not.
/// </para>
/// <para>
/// The index looks up only a keyword's rarer bigrams. One that at least <c>Search:CommonBigramShare</c> (0.2) of the cases
/// hold, by PostgreSQL's statistics of the index, narrows little and costs most of the scan: 社区 is in every address,
/// and 花园社区无证无照经营's count took 8.7 ms with it and 2.2 ms without at 1 M cases. If every bigram is that common,
/// the rarest is kept. The text itself is still tested, so the rows are the same; 0 looks up every bigram.
/// </para>
/// </summary>
public sealed class CaseTextSearch(IConfiguration configuration, TimeProvider time)
{
    public const int DefaultMaxIndexedCandidates = 1_000;
    public const double DefaultIndexedCandidatesFactor = 7;
    public const double DefaultWalkBudgetFactor = 0.5;
    public const int DefaultFirstWalkPerRow = 100;
    public const double DefaultCommonBigramShare = 0.2;
    private static readonly TimeSpan StatisticsLifetime = TimeSpan.FromMinutes(5);

    private TableStatistics? _statistics; // replaced whole, so concurrent searches never see half of one

    /// <summary>The table's estimated rows, and the bigrams at least the common share of cases hold with that share.</summary>
    private sealed record TableStatistics(DateTimeOffset ReadAt, double Rows, IReadOnlyDictionary<string, double> CommonBigrams);

    private sealed record BigramShare(string Bigram, double Share);

    private double CommonBigramShare => Math.Max(0, configuration.GetValue("Search:CommonBigramShare", DefaultCommonBigramShare));

    /// <summary>
    /// Whether a workbench list keyed in the index (a queue, an inbox, a status) counts its own matches there; false
    /// sends it the search's way (<see cref="HasFewCandidatesAsync"/>), the benchmark's baseline.
    /// </summary>
    public bool ListMatchesFromIndex => configuration.GetValue("Search:ListMatchesFromIndex", true);

    private int MaxIndexedCandidates => Math.Max(1, configuration.GetValue("Search:MaxIndexedCandidates", DefaultMaxIndexedCandidates));

    private int FirstWalkPerRow => Math.Max(0, configuration.GetValue("Search:FirstWalkPerRow", DefaultFirstWalkPerRow));

    private double WalkBudgetFactor => Math.Max(0, configuration.GetValue("Search:WalkBudgetFactor", DefaultWalkBudgetFactor));

    private double IndexedCandidatesFactor => Math.Max(0, configuration.GetValue("Search:IndexedCandidatesFactor", DefaultIndexedCandidatesFactor));

    /// <summary>The most candidates a keyword may have and still be read from the index: √(factor × rows), at least <paramref name="floor"/>.</summary>
    public static int IndexedCandidatesCap(int floor, double factor, double rows) =>
        (int)Math.Max(floor, Math.Min(int.MaxValue - 1, Math.Floor(Math.Sqrt(factor * Math.Max(0, rows)))));

    private async Task<TableStatistics> StatisticsAsync(CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_statistics is { } known && now - known.ReadAt <= StatisticsLifetime)
            return known;
        // reltuples is -1 before the table's first ANALYZE, and the index has no statistics: the floor applies, and
        // every bigram is looked up.
        var rows = await db.Database.SqlQuery<double>($"""SELECT reltuples::float8 AS "Value" FROM pg_class WHERE oid = 'cases'::regclass""")
            .SingleAsync(cancellationToken);
        var share = CommonBigramShare;
        var common = share == 0 ? [] : await db.Database.SqlQuery<BigramShare>($"""
            SELECT u.bigram AS "Bigram", u.share::float8 AS "Share"
            FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(bigram, share)
            WHERE s.schemaname = current_schema() AND s.tablename = 'ix_cases_text_bigrams' AND u.bigram IS NOT NULL AND u.share >= {share}
            """).ToListAsync(cancellationToken);
        var statistics = new TableStatistics(now, rows, common.ToDictionary(c => c.Bigram, c => c.Share));
        _statistics = statistics;
        return statistics;
    }

    /// <summary>
    /// The keyword's bigrams the index is to look up: those fewer than the common share of cases hold, or the rarest
    /// one when all are common.
    /// </summary>
    public static string[] IndexedBigrams(string text, IReadOnlyDictionary<string, double> commonBigrams)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var all = Enumerable.Range(0, Math.Max(0, runes.Length - 1)).Select(i => runes[i] + runes[i + 1]).Distinct(StringComparer.Ordinal).ToArray();
        var rarer = all.Where(b => !commonBigrams.ContainsKey(b)).ToArray();
        return rarer.Length > 0 || all.Length == 0 ? rarer : [all.MinBy(b => commonBigrams[b])!];
    }

    /// <summary>
    /// True when the case's title or address contains the keyword. Translated to <c>casehub_text_matches</c>, an SQL
    /// function PostgreSQL inlines, so that its test of the <paramref name="bigrams"/> matches the indexed expression.
    /// </summary>
    public static bool Matches(string title, string? address, string keyword, string[] bigrams) =>
        throw new InvalidOperationException("CaseTextSearch.Matches is translated to SQL and runs only in a query on PostgreSQL.");

    internal static void Map(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(CaseTextSearch).GetMethod(nameof(Matches))!).HasName("casehub_text_matches");

    /// <summary>
    /// How the text is searched for (see <see cref="KeywordSearch"/>). Nothing is counted yet: a keyword common in the
    /// period fills its page within a short walk, and counting its candidates would cost more than that.
    /// </summary>
    public async Task<KeywordSearch> PlanAsync(CaseHubDbContext db, string text, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql() || !text.EnumerateRunes().Skip(1).Any())
            return new KeywordSearch(text, [], IndexCap: null, FirstWalkPerRow: 0, WalkedCasesPerRow: null);
        var statistics = await StatisticsAsync(db, cancellationToken);
        var factor = IndexedCandidatesFactor;
        var cap = factor == 0 ? MaxIndexedCandidates : IndexedCandidatesCap(MaxIndexedCandidates, factor, statistics.Rows);
        var budget = WalkBudgetFactor;
        return new KeywordSearch(text, IndexedBigrams(text, statistics.CommonBigrams), cap, FirstWalkPerRow, budget == 0 ? null : budget * cap);
    }

    /// <summary>True when at most the keyword's cap of cases hold all its bigrams: the index is then the cheaper way to read them.</summary>
    public static async Task<bool> HasFewCandidatesAsync(CaseHubDbContext db, KeywordSearch keyword, CancellationToken cancellationToken) =>
        keyword.IndexCap is { } cap && await CandidatesAsync(db, keyword.IndexedBigrams, cap + 1, cancellationToken) <= cap;

    /// <summary>
    /// Planner settings, for the transaction of a query that reads its candidates from the index (案件查询 and the
    /// workbench lists alike): a plain index scan (the newest-first walk) and a table scan are both ruled out, which
    /// leaves the bitmap scans of the index, planned for the query's own values.
    /// </summary>
    public const string IndexOnlyPlan = "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off; " + ExactBitmaps + "; "
        + PlannerSettings.PlanForTheValues;

    /// <summary>
    /// Room for the bitmap of a quarter of a million candidates: with the default 4 MB it turned lossy, and PostgreSQL
    /// recomputed the bigrams of every case on each page it then read (1.28 s against 0.15 s at 10 M cases).
    /// </summary>
    public const string BitmapWorkMem = "32MB";

    private const string ExactBitmaps = $"SET LOCAL work_mem = '{BitmapWorkMem}'";

    /// <summary>How many cases hold all the bigrams, counting no further than <paramref name="limit"/>.</summary>
    private static Task<int> CandidatesAsync(CaseHubDbContext db, string[] bigrams, int limit, CancellationToken cancellationToken) =>
        PlannerSettings.ReadWithAsync(db, CountFromIndex, token => CountAsync(db, bigrams, limit, token), cancellationToken);

    private const string CountFromIndex = "SET LOCAL enable_seqscan = off; " + ExactBitmaps + "; " + PlannerSettings.PlanForTheValues;

    private static Task<int> CountAsync(CaseHubDbContext db, string[] bigrams, int limit, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM (
                SELECT 1 FROM cases WHERE casehub_case_bigrams(title, address) @> {bigrams} LIMIT {limit}) AS candidates
            """).SingleAsync(cancellationToken);
}

/// <summary>
/// One keyword's search. Where the bigram index can be used (<paramref name="IndexCap"/> is set):
/// <list type="number">
/// <item>walk the newest <see cref="FirstWalk"/> cases: a keyword common in the period fills its page here;</item>
/// <item>otherwise count its candidates up to the cap, and read them from the index when they are that few;</item>
/// <item>otherwise walk on, up to <see cref="WalkBudget"/> cases, and read the candidates from the index if the page is
/// still not full and older cases remain.</item>
/// </list>
/// Without the index (SQLite, one character) the walk reads as far as it must. <paramref name="IndexedBigrams"/> are
/// the ones the index looks up (<see cref="CaseTextSearch.IndexedBigrams"/>).
/// </summary>
public sealed record KeywordSearch(string Text, string[] IndexedBigrams, int? IndexCap, int FirstWalkPerRow, double? WalkedCasesPerRow)
{
    /// <summary>The cases whose tracking number is the text, or whose title or address contains it, as the bigram index finds them.</summary>
    public IQueryable<Case> ViaIndex(IQueryable<Case> cases)
    {
        var text = Text;
        var bigrams = IndexedBigrams;
        return cases.Where(c => c.TrackingNumber == text || CaseTextSearch.Matches(c.Title, c.Address, text, bigrams));
    }

    /// <summary>The same cases, tested one by one: what a walk through the newest cases reads.</summary>
    public IQueryable<Case> ByWalking(IQueryable<Case> cases)
    {
        var text = Text;
        return cases.Where(c => c.TrackingNumber == text || c.Title.Contains(text) || (c.Address != null && c.Address.Contains(text)));
    }

    /// <summary>How many of the newest cases the first walk for <paramref name="rows"/> rows reads, before anything is counted; never more than the budget.</summary>
    public int FirstWalk(int rows) => (int)Math.Min(WalkBudget(rows) ?? int.MaxValue, Math.Min(int.MaxValue, (long)rows * FirstWalkPerRow));

    /// <summary>How many of the newest cases a walk for <paramref name="rows"/> rows reads before the index takes over; null when it reads them all.</summary>
    public int? WalkBudget(int rows) =>
        WalkedCasesPerRow is { } perRow ? (int)Math.Min(int.MaxValue, Math.Max(rows, Math.Ceiling(rows * perRow))) : null;
}
