using System.Globalization;
using System.Text.Json;

namespace CaseHub.Workflows;

/// <summary>
/// A message a person reads in an API answer (a 400's field errors, a 409's reason, an import's row errors), in the
/// language of the request: Chinese when the caller prefers it (the web client always says which language it shows),
/// else English, the API's language for integrations that send no preference. The web host sets
/// <see cref="CultureInfo.CurrentUICulture"/> per request from <c>Accept-Language</c>.
/// Logs and stored texts stay English; only what goes back to the caller is chosen here.
/// </summary>
public static class Bilingual
{
    public static bool PrefersChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    public static string Text(string zh, string en) => PrefersChinese ? zh : en;

    /// <summary>
    /// Where a JSON text broke, for a Chinese reader: "（第 2 行第 7 个字符）", counted in characters when the text is at
    /// hand (the parser counts UTF-8 bytes, three to a Chinese character). The parser's English stays in English answers.
    /// </summary>
    public static string WhereJsonBroke(JsonException e, string? text = null)
    {
        if (e.LineNumber is not { } line)
            return "";
        var lineText = text?.Split('\n').ElementAtOrDefault((int)line);
        if (lineText is null || e.BytePositionInLine is not { } bytes)
            return $"（第 {line + 1} 行）";
        var characters = 0;
        var counted = 0L;
        foreach (var rune in lineText.EnumerateRunes())
        {
            if (counted >= bytes)
                break;
            counted += rune.Utf8SequenceLength;
            characters++;
        }
        return $"（第 {line + 1} 行第 {characters + 1} 个字符）";
    }
}
