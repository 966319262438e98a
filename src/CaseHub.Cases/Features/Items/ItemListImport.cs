using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Dispatch;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Cases.Features.Items;

public sealed record ItemImportResult(int Created, int Updated, int Total);

/// <summary>The file had bad rows; nothing was written. Every bad field of every row is listed.</summary>
public sealed class ItemImportException(IReadOnlyList<ItemRowError> errors)
    : Exception(MessageFor(errors))
{
    public IReadOnlyList<ItemRowError> Errors { get; } = errors;

    private static string MessageFor(IReadOnlyList<ItemRowError> errors)
    {
        var rows = errors.Select(e => e.Row).Distinct().Count();
        return Bilingual.Text($"事项清单中有 {rows} 行存在错误，未导入任何数据。", $"{rows} row(s) of the item list have errors; nothing was imported.");
    }
}

/// <summary>
/// Imports an item list file: reads it, validates every row against the file and the database, and then either
/// upserts all items by code in one SaveChanges (one transaction) or writes nothing and throws
/// <see cref="ItemImportException"/>. Items in the database that the file does not mention are left alone.
/// A file item's rules replace that item's stored rules.
/// </summary>
public sealed partial class ItemListImport(CaseHubDbContext db, ItemClassifier classifier, DispatchRules rules, TimeProvider time, ILogger<ItemListImport> logger)
{
    public const int MaxLevel = 4;
    private const int MaxCodeLength = 50, MaxNameLength = 200;

    public async Task<ItemImportResult> ImportAsync(ReadOnlyMemory<byte> file, ItemListFormat format, CancellationToken cancellationToken)
    {
        var read = format == ItemListFormat.Csv ? ItemCsv.Read(file.Span) : ItemJson.Read(file.Span);
        Func<string, string> field = format == ItemListFormat.Csv ? ItemCsv.ColumnFor : f => f;
        var (created, updated, total) = await SaveAsync(read.Rows, read.Errors, field, null, cancellationToken);
        LogImported(format, created, updated);
        return new ItemImportResult(created, updated, total);
    }

    /// <summary>
    /// Creates or replaces one item, as the item page's form states it: the same checks as a file row, its rules
    /// replacing the stored ones. Replacing an existing item needs the row version it was read with; another
    /// version, or none, is a <see cref="ConflictException"/>. Errors name the field alone (no row).
    /// </summary>
    public async Task<(Item Item, bool Created)> SaveOneAsync(string code, ItemRecord record, long? expectedRowVersion, CancellationToken cancellationToken)
    {
        var (created, _, _) = await SaveAsync([new ItemRow(0, record with { Code = code })], [], f => f, expectedRowVersion, cancellationToken);
        var item = await db.Set<Item>().AsNoTracking().SingleAsync(i => i.Code == code, cancellationToken);
        LogSaved(code, created == 1 ? "created" : "updated");
        return (item, created == 1);
    }

    private async Task<(int Created, int Updated, int Total)> SaveAsync(IReadOnlyList<ItemRow> rows, IReadOnlyList<ItemRowError> readErrors,
        Func<string, string> field, long? expectedRowVersion, CancellationToken cancellationToken)
    {
        var errors = new List<ItemRowError>(readErrors);
        var existing = await db.Set<Item>().ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, cancellationToken);
        var orgUnits = await db.Set<OrgUnit>().AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, StringComparer.Ordinal, cancellationToken);
        var departments = await db.Set<Department>().AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, StringComparer.Ordinal, cancellationToken);

        var validated = new Validator(rows, existing, orgUnits, departments, field, errors).Run();
        if (errors.Count > 0)
            throw new ItemImportException([.. errors.OrderBy(e => e.Row).ThenBy(e => e.Field, StringComparer.Ordinal)]);
        if (rows is [{ Row: 0, Item.Code: { } code }] && existing.TryGetValue(code, out var edited))
        {
            // A save without the row version it read is a create, and the code is someone else's item.
            if (expectedRowVersion is null)
                throw new ConflictException(Bilingual.Text(
                    $"编码“{code}”已被事项“{edited.NameZh}”使用；要修改它，请先打开该事项。",
                    $"The code '{code}' is taken by the item '{edited.NameEn}'; open that item to change it."), ConflictException.AlreadyExists);
            if (edited.RowVersion != expectedRowVersion)
                throw new ConflictException(Bilingual.Text(
                    $"事项“{code}”已被他人修改（行版本 {edited.RowVersion}），请重新载入后再保存。",
                    $"The item '{code}' was changed by someone else (row version {edited.RowVersion}); reload it before saving."), ConflictException.Stale);
        }

        var byCode = new Dictionary<string, Item>(existing, StringComparer.Ordinal);
        int created = 0, updated = 0;
        var now = time.GetUtcNow();
        foreach (var v in validated)
        {
            if (!byCode.TryGetValue(v.Code, out var item))
            {
                item = new Item { Id = Guid.CreateVersion7(now), Code = v.Code, NameZh = v.NameZh, NameEn = v.NameEn };
                byCode[v.Code] = item;
                db.Add(item);
                created++;
            }
            else
                updated++;
        }
        foreach (var v in validated)
        {
            var item = byCode[v.Code];
            item.NameZh = v.NameZh;
            item.NameEn = v.NameEn;
            item.Level = v.Level;
            item.ParentId = v.ParentCode is null ? null : byCode[v.ParentCode].Id;
            item.Kinds = v.Kinds;
            item.DefaultGrade = v.Grade;
            item.Keywords = v.Keywords;
            item.TimeLimits = v.TimeLimits;
            item.IsActive = v.IsActive;
        }

        var ids = validated.Select(v => byCode[v.Code].Id).ToList();
        var oldRules = await db.Set<ResponsibilityRule>().Where(r => ids.Contains(r.ItemId)).ToListAsync(cancellationToken);
        db.RemoveRange(oldRules);
        foreach (var v in validated)
        {
            foreach (var rule in v.Rules)
            {
                db.Add(new ResponsibilityRule
                {
                    Id = Guid.CreateVersion7(now),
                    ItemId = byCode[v.Code].Id,
                    OrgUnitId = rule.OrgUnitCode is null ? null : orgUnits[rule.OrgUnitCode],
                    DepartmentId = departments[rule.DepartmentCode!],
                    Priority = rule.Priority,
                });
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Everything was checked above, so a failed write means another import or an org change got in between.
            throw new ConflictException(Bilingual.Text(
                $"保存期间事项清单、承办单位或组织单元已被修改，未保存任何内容，请重试。（{e.InnerException?.Message ?? e.Message}）",
                $"The item list, departments or org units changed while saving; nothing was saved. Try again. ({e.InnerException?.Message ?? e.Message})"));
        }
        classifier.Invalidate();
        rules.Invalidate();
        return (created, updated, validated.Count);
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Item {Code} {Change} through the item page")]
    private partial void LogSaved(string code, string change);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Item list imported from {Format}: {Created} created, {Updated} updated")]
    private partial void LogImported(ItemListFormat format, int created, int updated);

    private sealed record ValidItem(string Code, string? ParentCode, int Level, string NameZh, string NameEn, List<CaseKind> Kinds,
        CaseGrade Grade, List<string> Keywords, StageTimeLimits TimeLimits, bool IsActive, List<RuleRecord> Rules);

    private sealed class Validator(
        IReadOnlyList<ItemRow> rows,
        Dictionary<string, Item> existing,
        Dictionary<string, Guid> orgUnits,
        Dictionary<string, Guid> departments,
        Func<string, string> field,
        List<ItemRowError> errors)
    {
        private readonly Dictionary<string, ItemRow> fileItems = new(StringComparer.Ordinal);

        private void Error(int row, string name, string message) => errors.Add(new ItemRowError(row, field(name), message));

        public List<ValidItem> Run()
        {
            foreach (var row in rows)
            {
                var code = row.Item.Code?.Trim();
                if (string.IsNullOrEmpty(code))
                    Error(row.Row, "code", Bilingual.Text("编码不能为空。", "The code is required."));
                else if (code.Length > MaxCodeLength || code.Any(c => char.IsWhiteSpace(c) || c is '|' or ';' or ':' or ','))
                    Error(row.Row, "code", Bilingual.Text(
                        $"编码最多 {MaxCodeLength} 个字符，且不能包含空格、“|”、“;”、“:”或“,”。",
                        $"A code has at most {MaxCodeLength} characters and no spaces, '|', ';', ':' or ','."));
                else if (fileItems.TryGetValue(code, out var first))
                    Error(row.Row, "code", Bilingual.Text($"编码“{code}”重复，第 {first.Row} 行也使用了该编码。", $"Duplicate code '{code}'; row {first.Row} has it too."));
                else
                    fileItems[code] = row;
            }

            var valid = new List<ValidItem>();
            foreach (var (code, row) in fileItems)
            {
                var item = row.Item;
                var before = errors.Count;
                var level = LevelOf(code, row);
                var parentCode = string.IsNullOrWhiteSpace(item.ParentCode) ? null : item.ParentCode.Trim();
                if (level is { } computed && item.Level is { } stated && stated != computed)
                    Error(row.Row, "level", parentCode is null
                        ? Bilingual.Text($"顶级事项的层级是 1，不是 {stated}。", $"A top-level item has level 1, not {stated}.")
                        : Bilingual.Text($"按上级事项“{parentCode}”，该事项的层级是 {computed}，不是 {stated}。", $"The parent '{parentCode}' makes this level {computed}, not {stated}."));
                if (level > MaxLevel)
                    Error(row.Row, "level", Bilingual.Text(
                        $"事项清单最多 {MaxLevel} 级，该事项将位于第 {level} 级。",
                        $"The item list has at most {MaxLevel} levels; this item would be at level {level}."));
                if (level is { } newLevel && existing.TryGetValue(code, out var stored) && stored.Level != newLevel)
                {
                    var orphans = existing.Values.Where(c => c.ParentId == stored.Id && !fileItems.ContainsKey(c.Code)).Select(c => c.Code).ToList();
                    if (orphans.Count > 0)
                        Error(row.Row, "parentCode", Bilingual.Text(
                            $"这会把该事项从第 {stored.Level} 级移到第 {newLevel} 级，请把它的下级事项（{string.Join("、", orphans.Take(5))}）也放进文件。",
                            $"This moves the item from level {stored.Level} to {newLevel}; include its children ({string.Join(", ", orphans.Take(5))}) in the file too."));
                }

                var nameZh = Name(row, "nameZh", item.NameZh);
                var nameEn = Name(row, "nameEn", item.NameEn);
                var kinds = Kinds(row);
                var grade = Grade(row);
                var limits = TimeLimits(row);
                var rules = Rules(row);
                var keywords = (item.Keywords ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                if (keywords.Any(k => k.Contains('|', StringComparison.Ordinal)))
                    Error(row.Row, "keywords", Bilingual.Text("关键词不能包含“|”。", "A keyword may not contain '|'."));

                if (errors.Count == before && level is not null)
                    valid.Add(new ValidItem(code, parentCode, level.Value, nameZh!, nameEn!, kinds, grade, keywords, limits, item.IsActive ?? true, rules));
            }
            return valid;
        }

        /// <summary>The level the item gets from its parent chain (through the file and the database), or null when the chain is broken.</summary>
        private int? LevelOf(string code, ItemRow row)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { code };
            var level = 1;
            var parent = row.Item.ParentCode?.Trim();
            while (!string.IsNullOrEmpty(parent))
            {
                if (!seen.Add(parent))
                {
                    Error(row.Row, "parentCode", Bilingual.Text($"上级事项链在“{parent}”处形成循环。", $"The parent chain loops back through '{parent}'."));
                    return null;
                }
                level++;
                if (fileItems.TryGetValue(parent, out var parentRow))
                    parent = parentRow.Item.ParentCode?.Trim();
                else if (existing.TryGetValue(parent, out var stored))
                    return level + stored.Level - 1;
                else
                {
                    if (parent == row.Item.ParentCode?.Trim())
                        Error(row.Row, "parentCode", Bilingual.Text(
                            $"未知的上级事项“{parent}”：文件和事项清单中都没有该编码。",
                            $"Unknown parent '{parent}': it is neither in the file nor in the item list."));
                    return null; // reported on the row whose own parent is missing
                }
            }
            return level;
        }

        private string? Name(ItemRow row, string name, string? value)
        {
            value = value?.Trim();
            if (string.IsNullOrEmpty(value))
                Error(row.Row, name, Bilingual.Text("名称不能为空。", "The name is required."));
            else if (value.Length > MaxNameLength)
                Error(row.Row, name, Bilingual.Text($"名称超过 {MaxNameLength} 个字符。", $"The name has more than {MaxNameLength} characters."));
            return value;
        }

        private List<CaseKind> Kinds(ItemRow row)
        {
            var kinds = new List<CaseKind>();
            foreach (var text in row.Item.Kinds ?? [])
            {
                if (ParseKind(text) is { } kind)
                {
                    if (!kinds.Contains(kind))
                        kinds.Add(kind);
                }
                else
                    Error(row.Row, "kinds", Bilingual.Text(
                        $"未知的诉求类别“{text}”。可用的类别：咨询（Enquiry）、求助（HelpRequest）、投诉（Complaint）、举报（Report）、建议（Suggestion）。",
                        $"Unknown kind '{text}'. The kinds are Enquiry (咨询), HelpRequest (求助), Complaint (投诉), Report (举报) and Suggestion (建议)."));
            }
            return kinds;
        }

        private CaseGrade Grade(ItemRow row)
        {
            var text = row.Item.DefaultGrade?.Trim();
            if (string.IsNullOrEmpty(text))
                return CaseGrade.C;
            if (text is "A" or "B" or "C" or "a" or "b" or "c")
                return Enum.Parse<CaseGrade>(text, ignoreCase: true);
            Error(row.Row, "defaultGrade", Bilingual.Text(
                $"未知的等级“{text}”。可用的等级：A（复杂）、B（重点）、C（一般）。",
                $"Unknown grade '{text}'. The grades are A (complex), B (key) and C (general)."));
            return CaseGrade.C;
        }

        private StageTimeLimits TimeLimits(ItemRow row)
        {
            var t = row.Item.TimeLimits ?? new TimeLimitsRecord();
            return new StageTimeLimits
            {
                DispatchMinutes = NonNegative(row, "timeLimits.dispatchMinutes", t.DispatchMinutes),
                AcceptWorkingHours = NonNegative(row, "timeLimits.acceptWorkingHours", t.AcceptWorkingHours),
                FirstContactWorkingHours = NonNegative(row, "timeLimits.firstContactWorkingHours", t.FirstContactWorkingHours),
                CompletionWorkingDays = NonNegative(row, "timeLimits.completionWorkingDays", t.CompletionWorkingDays),
                CallbackWorkingDays = NonNegative(row, "timeLimits.callbackWorkingDays", t.CallbackWorkingDays),
            };
        }

        private int? NonNegative(ItemRow row, string name, int? value)
        {
            if (value < 0)
                Error(row.Row, name, Bilingual.Text($"时限不能为负数（{value}）。", $"A time limit cannot be negative ({value})."));
            return value;
        }

        private List<RuleRecord> Rules(ItemRow row)
        {
            var rules = new List<RuleRecord>();
            var list = row.Item.Rules ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var rule = list[i];
                var orgUnit = string.IsNullOrWhiteSpace(rule.OrgUnitCode) || rule.OrgUnitCode.Trim() == "*" ? null : rule.OrgUnitCode.Trim();
                var department = rule.DepartmentCode?.Trim();
                var ok = true;
                if (orgUnit is not null && !orgUnits.ContainsKey(orgUnit))
                {
                    Error(row.Row, $"rules[{i}].orgUnitCode", Bilingual.Text($"未知的组织单元“{orgUnit}”。", $"Unknown org unit '{orgUnit}'."));
                    ok = false;
                }
                if (string.IsNullOrEmpty(department))
                {
                    Error(row.Row, $"rules[{i}].departmentCode", Bilingual.Text("责任规则必须填写承办单位编码。", "A rule needs a department code."));
                    ok = false;
                }
                else if (!departments.ContainsKey(department))
                {
                    Error(row.Row, $"rules[{i}].departmentCode", Bilingual.Text($"未知的承办单位“{department}”。", $"Unknown department '{department}'."));
                    ok = false;
                }
                if (ok && rules.Any(r => r.OrgUnitCode == orgUnit && r.DepartmentCode == department))
                {
                    Error(row.Row, $"rules[{i}]", Bilingual.Text($"规则 {orgUnit ?? "*"}:{department} 重复出现。", $"The rule {orgUnit ?? "*"}:{department} appears twice."));
                    ok = false;
                }
                if (ok)
                    rules.Add(new RuleRecord(orgUnit, department, rule.Priority));
            }
            return rules;
        }
    }

    /// <summary>A kind by its English name (any case) or its Chinese name.</summary>
    public static CaseKind? ParseKind(string text) => text.Trim() switch
    {
        "咨询" => CaseKind.Enquiry,
        "求助" => CaseKind.HelpRequest,
        "投诉" => CaseKind.Complaint,
        "举报" => CaseKind.Report,
        "建议" => CaseKind.Suggestion,
        var t when t.Length > 0 && char.IsLetter(t[0]) && !t.Contains(',', StringComparison.Ordinal) && Enum.TryParse<CaseKind>(t, ignoreCase: true, out var kind) => kind,
        _ => null,
    };
}
