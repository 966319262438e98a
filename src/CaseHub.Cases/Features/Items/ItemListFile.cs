using System.Text;

namespace CaseHub.Cases.Features.Items;

/// <summary>The two file formats of the item list (事项清单). Both carry the same fields; see the README's "Item list" section.</summary>
public enum ItemListFormat
{
    Json,
    Csv,
}

/// <summary>
/// One item as a file states it, before validation. Everything is optional or text here so that a bad value
/// becomes a row error with a reason rather than a failed parse of the whole file.
/// </summary>
public sealed record ItemRecord
{
    public string? Code { get; init; }
    public string? ParentCode { get; init; }
    /// <summary>Optional in files; when given it must equal the parent's level + 1 (1 for a root).</summary>
    public int? Level { get; init; }
    public string? NameZh { get; init; }
    public string? NameEn { get; init; }
    public List<string>? Kinds { get; init; }
    public string? DefaultGrade { get; init; }
    public List<string>? Keywords { get; init; }
    public TimeLimitsRecord? TimeLimits { get; init; }
    public bool? IsActive { get; init; }
    public List<RuleRecord>? Rules { get; init; }
}

public sealed record TimeLimitsRecord
{
    public int? DispatchMinutes { get; init; }
    public int? AcceptWorkingHours { get; init; }
    public int? FirstContactWorkingHours { get; init; }
    public int? CompletionWorkingDays { get; init; }
    public int? CallbackWorkingDays { get; init; }
}

/// <summary>A responsibility rule by codes; a null org unit code means "anywhere".</summary>
public sealed record RuleRecord(string? OrgUnitCode, string? DepartmentCode, int Priority = 0);

/// <summary>An item read from a file, with its row: the CSV line it starts on, or its 1-based position in the JSON array.</summary>
public sealed record ItemRow(int Row, ItemRecord Item);

/// <summary>What is wrong with one field of one row. <see cref="Field"/> uses the file's own name for it.</summary>
public sealed record ItemRowError(int Row, string Field, string Message)
{
    public string Key => Row == 0 ? Field : $"row {Row}.{Field}";
}

/// <summary>The rows of a file, and the errors found while reading it (before any validation against the database).</summary>
public sealed record ItemListReadResult(IReadOnlyList<ItemRow> Rows, IReadOnlyList<ItemRowError> Errors);

/// <summary>Decoding shared by both formats.</summary>
internal static class ItemListText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// UTF-8 (with or without BOM). Excel on a Chinese Windows saves "CSV" as GB18030/GBK, so bytes that are not
    /// valid UTF-8 are read as GB18030 rather than turned into replacement characters.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }
}
