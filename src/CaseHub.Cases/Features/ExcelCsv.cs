using System.Text;

namespace CaseHub.Cases.Features;

/// <summary>CSV that Excel opens as it is: UTF-8 with a BOM (so it reads the Chinese), CRLF, and no cell it would run as a formula.</summary>
public static class ExcelCsv
{
    public static byte[] Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        AppendLine(text, headers);
        foreach (var row in rows)
            AppendLine(text, row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            var field = fields[i];
            // Quote what CSV needs quoted, and a leading = + - @ so that Excel does not run a name as a formula.
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field is ['=' or '+' or '-' or '@', ..])
                text.Append('"').Append((field is ['=' or '+' or '-' or '@', ..] ? "'" : "") + field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else
                text.Append(field);
        }
        text.Append("\r\n");
    }
}
