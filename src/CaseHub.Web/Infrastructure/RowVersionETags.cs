using CaseHub.Workflows;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// A row version as an HTTP ETag and back from If-Match: the optimistic concurrency of the designer's drafts and the
/// item list's edits. A save whose If-Match is not the stored version is refused with 409.
/// </summary>
public static class RowVersionETags
{
    public static string ETag(long rowVersion) => $"\"{rowVersion}\"";

    /// <summary>
    /// The row version the client read, from the If-Match header (an endpoint binds it as <c>[FromHeader(Name = "If-Match")]</c>,
    /// so that the API document lists it), or null without one; 400 naming If-Match when it is not one of ours.
    /// </summary>
    public static long? IfMatch(string? ifMatch, string readWhat)
    {
        var header = (ifMatch ?? "").Trim().Trim('"');
        if (header.Length == 0)
            return null;
        return long.TryParse(header, out var value) ? value : throw new InvalidRequestException("If-Match",
            Bilingual.Text($"If-Match 必须是读取{InChinese(readWhat)}时返回的 ETag。", $"If-Match must be the ETag the {readWhat} was read with."));
    }

    /// <summary>The callers' nouns in Chinese, for the 400's message.</summary>
    private static string InChinese(string readWhat) => readWhat switch
    {
        "draft" => "草稿",
        "item" => "事项",
        _ => readWhat,
    };
}
