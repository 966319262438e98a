using System.Globalization;
using System.Text;
using CaseHub.Workflows;

namespace CaseHub.Cases.Features.Items;

/// <summary>
/// The CSV form of the item list: a header row, then one row per item. Lists inside a cell are separated by '|';
/// rules are "orgUnitCode:departmentCode[:priority]" separated by ';', with '*' for "anywhere".
/// Row numbers are the line a record starts on (the header is line 1).
/// </summary>
public static class ItemCsv
{
    public const string Code = "code", ParentCode = "parent_code", Level = "level", NameZh = "name_zh", NameEn = "name_en",
        Kinds = "kinds", Grade = "grade", Keywords = "keywords", DispatchMinutes = "dispatch_minutes", AcceptHours = "accept_hours",
        FirstContactHours = "first_contact_hours", CompletionDays = "completion_days", CallbackDays = "callback_days",
        Active = "active", Rules = "rules";

    public static readonly IReadOnlyList<string> Columns =
    [
        Code, ParentCode, Level, NameZh, NameEn, Kinds, Grade, Keywords, DispatchMinutes, AcceptHours,
        FirstContactHours, CompletionDays, CallbackDays, Active, Rules,
    ];

    private static readonly string[] RequiredColumns = [Code, NameZh, NameEn];

    /// <summary>The CSV column that holds a field named as in the JSON form (what the validator reports).</summary>
    public static string ColumnFor(string jsonField) => jsonField switch
    {
        "code" => Code,
        "parentCode" => ParentCode,
        "level" => Level,
        "nameZh" => NameZh,
        "nameEn" => NameEn,
        "kinds" => Kinds,
        "defaultGrade" => Grade,
        "keywords" => Keywords,
        "timeLimits.dispatchMinutes" => DispatchMinutes,
        "timeLimits.acceptWorkingHours" => AcceptHours,
        "timeLimits.firstContactWorkingHours" => FirstContactHours,
        "timeLimits.completionWorkingDays" => CompletionDays,
        "timeLimits.callbackWorkingDays" => CallbackDays,
        "isActive" => Active,
        _ when jsonField.StartsWith("rules", StringComparison.Ordinal) => Rules,
        _ => jsonField,
    };

    public static ItemListReadResult Read(ReadOnlySpan<byte> bytes)
    {
        var records = ParseRecords(ItemListText.Decode(bytes));
        var errors = new List<ItemRowError>();
        var rows = new List<ItemRow>();
        if (records.Count == 0)
        {
            errors.Add(new ItemRowError(1, "header", Bilingual.Text("文件为空；第一行必须是列名。", "The file is empty; the first line must name the columns.")));
            return new ItemListReadResult(rows, errors);
        }

        var header = records[0];
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim();
            if (!Columns.Contains(name, StringComparer.OrdinalIgnoreCase))
                errors.Add(new ItemRowError(header.Line, name.Length == 0 ? $"column {i + 1}" : name, Bilingual.Text($"未知的列。可用的列：{string.Join(',', Columns)}。", $"Unknown column. The columns are: {string.Join(',', Columns)}.")));
            else if (!index.TryAdd(name, i))
                errors.Add(new ItemRowError(header.Line, name, Bilingual.Text("该列重复出现。", "The column appears twice.")));
        }
        foreach (var required in RequiredColumns.Where(c => !index.ContainsKey(c)))
            errors.Add(new ItemRowError(header.Line, required, Bilingual.Text("缺少这一必填列。", "This column is required.")));
        if (errors.Count > 0)
            return new ItemListReadResult(rows, errors);

        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
                continue;
            var row = new CsvRow(record, index, errors);
            rows.Add(new ItemRow(record.Line, new ItemRecord
            {
                Code = row.Text(Code),
                ParentCode = row.Text(ParentCode),
                Level = row.Int(Level),
                NameZh = row.Text(NameZh),
                NameEn = row.Text(NameEn),
                Kinds = row.List(Kinds),
                DefaultGrade = row.Text(Grade),
                Keywords = row.List(Keywords),
                TimeLimits = new TimeLimitsRecord
                {
                    DispatchMinutes = row.Int(DispatchMinutes),
                    AcceptWorkingHours = row.Int(AcceptHours),
                    FirstContactWorkingHours = row.Int(FirstContactHours),
                    CompletionWorkingDays = row.Int(CompletionDays),
                    CallbackWorkingDays = row.Int(CallbackDays),
                },
                IsActive = row.Bool(Active),
                Rules = row.Rules(Rules),
            }));
        }
        return new ItemListReadResult(rows, errors);
    }

    /// <summary>UTF-8 with a BOM, so that Excel shows the Chinese names correctly; CRLF line ends as RFC 4180 says.</summary>
    public static byte[] Write(IEnumerable<ItemRecord> items)
    {
        var text = new StringBuilder();
        AppendLine(text, Columns);
        foreach (var item in items)
        {
            var limits = item.TimeLimits ?? new TimeLimitsRecord();
            AppendLine(text,
            [
                item.Code ?? "",
                item.ParentCode ?? "",
                item.Level?.ToString(CultureInfo.InvariantCulture) ?? "",
                item.NameZh ?? "",
                item.NameEn ?? "",
                string.Join('|', item.Kinds ?? []),
                item.DefaultGrade ?? "",
                string.Join('|', item.Keywords ?? []),
                Number(limits.DispatchMinutes),
                Number(limits.AcceptWorkingHours),
                Number(limits.FirstContactWorkingHours),
                Number(limits.CompletionWorkingDays),
                Number(limits.CallbackWorkingDays),
                item.IsActive == false ? "false" : "true",
                string.Join(';', (item.Rules ?? []).Select(r =>
                    $"{r.OrgUnitCode ?? "*"}:{r.DepartmentCode}" + (r.Priority == 0 ? "" : ":" + r.Priority.ToString(CultureInfo.InvariantCulture)))),
            ]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else
                text.Append(field);
        }
        text.Append("\r\n");
    }

    private sealed record CsvRecord(int Line, List<string> Fields);

    /// <summary>RFC 4180: comma-separated, fields in double quotes may hold commas, quotes ("") and line breaks.</summary>
    private static List<CsvRecord> ParseRecords(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var atRecordStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    inQuotes = false;
                else
                {
                    if (c == '\n')
                        line++;
                    field.Append(c);
                }
                continue;
            }
            if (atRecordStart)
            {
                recordLine = line;
                atRecordStart = false;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add(new CsvRecord(recordLine, fields));
                    fields = [];
                    line++;
                    atRecordStart = true;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (!atRecordStart)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, fields));
        }
        return records;
    }

    private sealed class CsvRow(CsvRecord record, Dictionary<string, int> index, List<ItemRowError> errors)
    {
        public string? Text(string column)
        {
            if (!index.TryGetValue(column, out var i) || i >= record.Fields.Count)
                return null;
            var value = record.Fields[i].Trim();
            return value.Length == 0 ? null : value;
        }

        public List<string>? List(string column) =>
            Text(column)?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

        public int? Int(string column)
        {
            var text = Text(column);
            if (text is null)
                return null;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            errors.Add(new ItemRowError(record.Line, column, Bilingual.Text($"“{text}”不是整数。", $"'{text}' is not a whole number.")));
            return null;
        }

        public bool? Bool(string column)
        {
            var text = Text(column);
            switch (text?.ToLowerInvariant())
            {
                case null: return null;
                case "true" or "yes" or "1" or "是": return true;
                case "false" or "no" or "0" or "否": return false;
                default:
                    errors.Add(new ItemRowError(record.Line, column, Bilingual.Text($"“{text}”不是 true 或 false（也可填“是”或“否”）。", $"'{text}' is not true or false.")));
                    return null;
            }
        }

        public List<RuleRecord>? Rules(string column)
        {
            var text = Text(column);
            if (text is null)
                return null;
            var rules = new List<RuleRecord>();
            foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var pieces = part.Split(':', StringSplitOptions.TrimEntries);
                var priority = 0;
                if (pieces.Length is < 2 or > 3 || pieces[0].Length == 0 || pieces[1].Length == 0
                    || (pieces.Length == 3 && !int.TryParse(pieces[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out priority)))
                {
                    errors.Add(new ItemRowError(record.Line, column, Bilingual.Text(
                        $"“{part}”不符合 orgUnitCode:departmentCode[:priority] 格式（“*”表示不限属地）。",
                        $"'{part}' is not orgUnitCode:departmentCode[:priority] ('*' for anywhere).")));
                    continue;
                }
                rules.Add(new RuleRecord(pieces[0] == "*" ? null : pieces[0], pieces[1], priority));
            }
            return rules;
        }
    }
}
