using System.Globalization;
using System.Text;

namespace CaseHub.Cases.Features.Items;

/// <summary>
/// A leaf item as the classifier sees it, with the grade and time limits intake and the clocks take from it; shared
/// between threads, so read-only. <see cref="AncestorNames"/> are the Chinese names above it, root first.
/// </summary>
public sealed record IndexedItem(Guid Id, string Code, string NameZh, string NameEn, IReadOnlyList<CaseKind> Kinds,
    IReadOnlyList<string> Keywords, IReadOnlyList<string> AncestorNames, CaseGrade DefaultGrade, StageTimeLimits TimeLimits);

public sealed record ItemSuggestion(Guid ItemId, string Code, string NameZh, string NameEn, double Confidence);

/// <summary>
/// An immutable, in-memory index over the leaf items for classifying Chinese free text, with no segmentation library.
/// <para>
/// Two kinds of evidence are combined:
/// <list type="bullet">
/// <item><b>Keywords.</b> Each of the item's keywords (and its own name) found verbatim in the text adds 1 (0.5 for a
/// one-character keyword); the sum s gives k = 1 − e^(−s).</item>
/// <item><b>Character n-grams.</b> Texts are cut at anything that is not a letter or digit, and each run yields its
/// character bigrams and trigrams. Each item has a TF-IDF profile built from its name (×3), keywords (×3), ancestors'
/// names (×1) and the texts dispatchers confirmed for it (learned: 1.5·ln(1+count) per n-gram). The cosine c between
/// the text and the profile is scaled to c' = min(1, 1.5c).</item>
/// </list>
/// The confidence is the noisy-OR 1 − (1 − 0.85k)(1 − c'), in 0..1.
/// </para>
/// </summary>
public sealed class ItemIndex
{
    private const double NameWeight = 3, KeywordWeight = 3, AncestorWeight = 1, LearnedWeight = 1.5;
    private const double KeywordShare = 0.85, CosineScale = 1.5;
    /// <summary>
    /// How much an item that does not list the case's kind keeps of its confidence when kinds are only preferred: enough
    /// to show a dispatcher the right item under a kind mistyped at intake, never enough to pass the 0.6 that fills it in.
    /// </summary>
    public const double OtherKindFactor = 0.5;

    private readonly IReadOnlyList<IndexedItem> items;
    private readonly Dictionary<Guid, IndexedItem> byId;
    private readonly List<string>[] keywords;
    private readonly Dictionary<string, List<(int Item, double Weight)>> postings;
    private readonly Dictionary<string, double> idf;
    private readonly double[] norms;

    private ItemIndex(IReadOnlyList<IndexedItem> items, List<string>[] keywords, Dictionary<string, List<(int, double)>> postings,
        Dictionary<string, double> idf, double[] norms)
    {
        this.items = items;
        byId = items.ToDictionary(i => i.Id);
        this.keywords = keywords;
        this.postings = postings;
        this.idf = idf;
        this.norms = norms;
    }

    public static ItemIndex Empty { get; } = Build([], []);

    public int Count => items.Count;

    /// <summary>The leaf with this id; null for an item that is not an active leaf.</summary>
    public IndexedItem? Find(Guid id) => byId.GetValueOrDefault(id);

    /// <param name="leaves">The items that can be suggested.</param>
    /// <param name="confirmations">Texts confirmed for an item; those for items not in <paramref name="leaves"/> are ignored.</param>
    public static ItemIndex Build(IEnumerable<IndexedItem> leaves, IEnumerable<(Guid ItemId, string Text)> confirmations)
    {
        var list = leaves.ToList();
        var position = list.Select((item, i) => (item.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var profiles = list.Select(item =>
        {
            var profile = new Dictionary<string, double>(StringComparer.Ordinal);
            Add(profile, NGrams(item.NameZh), NameWeight);
            foreach (var keyword in item.Keywords)
                Add(profile, NGrams(keyword), KeywordWeight);
            foreach (var ancestor in item.AncestorNames)
                Add(profile, NGrams(ancestor), AncestorWeight);
            return profile;
        }).ToArray();

        var learned = new Dictionary<string, int>[list.Count];
        foreach (var (itemId, text) in confirmations)
        {
            if (!position.TryGetValue(itemId, out var i))
                continue;
            learned[i] ??= new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var gram in NGrams(text).Distinct())
                learned[i][gram] = learned[i].GetValueOrDefault(gram) + 1;
        }
        for (var i = 0; i < list.Count; i++)
        {
            foreach (var (gram, count) in learned[i] ?? [])
                profiles[i][gram] = profiles[i].GetValueOrDefault(gram) + LearnedWeight * Math.Log(1 + count);
        }

        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var gram in profiles.SelectMany(p => p.Keys))
            df[gram] = df.GetValueOrDefault(gram) + 1;
        var idf = df.ToDictionary(x => x.Key, x => Math.Log(1 + (double)list.Count / x.Value), StringComparer.Ordinal);

        var postings = new Dictionary<string, List<(int, double)>>(StringComparer.Ordinal);
        var norms = new double[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            foreach (var (gram, tf) in profiles[i])
            {
                var weight = tf * idf[gram];
                norms[i] += weight * weight;
                if (!postings.TryGetValue(gram, out var posting))
                    postings[gram] = posting = [];
                posting.Add((i, weight));
            }
            norms[i] = Math.Sqrt(norms[i]);
        }

        var keywords = list.Select(item => item.Keywords.Append(item.NameZh).Select(Normalize)
            .Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList()).ToArray();
        return new ItemIndex(list, keywords, postings, idf, norms);
    }

    /// <summary>The best <paramref name="top"/> items for the text, best first; only items with some evidence.</summary>
    /// <param name="kind">The case's kind. Items whose kinds leave it out are skipped, or with <paramref name="kindPreferred"/>
    /// kept at <see cref="OtherKindFactor"/> of their confidence.</param>
    /// <param name="kindPreferred">False for automatic classification, which must not act on an item the kind rules out;
    /// true for a person choosing, who should see the right item even when the hotline picked the wrong kind.</param>
    public IReadOnlyList<ItemSuggestion> Suggest(string text, CaseKind? kind = null, int top = 5, bool kindPreferred = false)
    {
        var normalized = Normalize(text);
        var query = new Dictionary<string, double>(StringComparer.Ordinal);
        Add(query, NGrams(text), 1);

        var dot = new double[items.Count];
        var queryNorm = 0.0;
        foreach (var (gram, tf) in query)
        {
            if (!idf.TryGetValue(gram, out var weight))
                continue;
            var q = tf * weight;
            queryNorm += q * q;
            foreach (var (item, w) in postings[gram])
                dot[item] += q * w;
        }
        queryNorm = Math.Sqrt(queryNorm);

        var suggestions = new List<ItemSuggestion>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var otherKind = kind is { } k && item.Kinds.Count > 0 && !item.Kinds.Contains(k);
            if (otherKind && !kindPreferred)
                continue;
            var hits = keywords[i].Where(kw => normalized.Contains(kw, StringComparison.Ordinal)).Sum(kw => kw.Length == 1 ? 0.5 : 1.0);
            var keywordScore = 1 - Math.Exp(-hits);
            var cosine = queryNorm > 0 && norms[i] > 0 ? dot[i] / (queryNorm * norms[i]) : 0;
            var confidence = (1 - (1 - KeywordShare * keywordScore) * (1 - Math.Min(1, CosineScale * cosine))) * (otherKind ? OtherKindFactor : 1);
            if (confidence > 0.005)
                suggestions.Add(new ItemSuggestion(item.Id, item.Code, item.NameZh, item.NameEn, Math.Round(confidence, 3)));
        }
        return [.. suggestions.OrderByDescending(s => s.Confidence).ThenBy(s => s.Code, StringComparer.Ordinal).Take(top)];
    }

    /// <summary>Full-width to half-width (NFKC) and lower case, so "ＷＩＦＩ" matches "wifi".</summary>
    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>Character bigrams and trigrams of each run of letters and digits; a one-character run is kept whole.</summary>
    public static IEnumerable<string> NGrams(string text)
    {
        var normalized = Normalize(text);
        var start = 0;
        for (var i = 0; i <= normalized.Length; i++)
        {
            if (i < normalized.Length && IsWordChar(normalized, i))
                continue;
            var length = i - start;
            if (length == 1)
                yield return normalized.Substring(start, 1);
            for (var n = 2; n <= 3; n++)
            {
                for (var j = start; j + n <= i; j++)
                    yield return normalized.Substring(j, n);
            }
            start = i + 1;
        }
    }

    private static bool IsWordChar(string text, int i) =>
        char.GetUnicodeCategory(text, i) is UnicodeCategory.OtherLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber;

    private static void Add(Dictionary<string, double> vector, IEnumerable<string> grams, double weight)
    {
        foreach (var gram in grams)
            vector[gram] = vector.GetValueOrDefault(gram) + weight;
    }
}
