using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Dispatch;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Organisation;

/// <summary>One bad entry of an import file: its zero-based index, its code when it has one, the field and why.</summary>
public sealed record ImportIssue(int Index, string? Code, string Field, string Reason);

/// <summary>What an import did, or why it did nothing: an import with any issue writes nothing.</summary>
public sealed record ImportResult(int Created, int Updated, IReadOnlyList<ImportIssue> Issues)
{
    public bool Succeeded => Issues.Count == 0;

    public static ImportResult Rejected(List<ImportIssue> issues) => new(0, 0, issues);
}

/// <summary>
/// Imports of the org tree, departments and grids. Each upserts by code, validates every entry first, and
/// writes nothing when any entry is bad. Paths ("/city/district/…/") are recomputed for every unit whose
/// parent chain changed, so subtree queries stay right after a unit moves.
/// </summary>
public sealed class OrgImport(CaseHubDbContext db, GridLocator locator, DispatchRules rules, TimeProvider time)
{
    private const int MaxCodeLength = 50;
    private const int MaxNameLength = 100;

    /// <summary>
    /// The org tree above grid level: a JSON array of <c>{code, name, level, parentCode}</c>, in any order.
    /// <c>level</c> is City, District, Street or Community (or 1–4); a unit's parent is in the file or already
    /// stored, and sits at a higher level. Only a city may have no parent.
    /// </summary>
    public async Task<ImportResult> ImportUnitsAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var rows = ArrayOf(body);
        var existing = await db.Set<OrgUnit>().ToListAsync(cancellationToken);
        var byCode = existing.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var issues = new List<ImportIssue>();
        var parsed = new List<(int Index, string Code, string Name, OrgLevel Level, string? ParentCode)>();
        var inFile = new Dictionary<string, OrgLevel>(StringComparer.Ordinal);

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var before = issues.Count;
            var code = RequiredString(row, "code", MaxCodeLength, i, null, issues);
            var name = RequiredString(row, "name", MaxNameLength, i, code, issues);
            var level = ReadLevel(row, i, code, issues);
            var parentCode = OptionalString(row, "parentCode", i, code, issues);
            if (code is not null && !inFile.TryAdd(code, level ?? 0))
                issues.Add(new ImportIssue(i, code, "code", Bilingual.Text($"编码“{code}”在文件中出现了多次", $"the code '{code}' appears more than once in the file")));
            else if (code is not null && byCode.TryGetValue(code, out var stored) && stored.Level == OrgLevel.Grid)
                issues.Add(new ImportIssue(i, code, "code", Bilingual.Text($"“{code}”是网格；网格须以 GeoJSON 导入", $"'{code}' is a grid; grids are imported as GeoJSON")));
            if (issues.Count == before)
                parsed.Add((i, code!, name!, level!.Value, parentCode));
        }

        foreach (var (index, code, _, level, parentCode) in parsed)
        {
            if (parentCode is null)
            {
                if (level != OrgLevel.City)
                    issues.Add(new ImportIssue(index, code, "parentCode", Bilingual.Text(
                        $"{LevelZh(level)}必须有上级；只有市可以没有上级", $"a {level} needs a parent; only a city may be a root")));
                continue;
            }
            OrgLevel? parentLevel = inFile.TryGetValue(parentCode, out var fileLevel) ? fileLevel
                : byCode.TryGetValue(parentCode, out var storedParent) ? storedParent.Level : null;
            if (parentLevel is null)
                issues.Add(new ImportIssue(index, code, "parentCode", Bilingual.Text($"没有编码为“{parentCode}”的组织单元", $"no org unit has the code '{parentCode}'")));
            else if (parentLevel >= level)
                issues.Add(new ImportIssue(index, code, "parentCode", Bilingual.Text(
                    $"上级“{parentCode}”是{LevelZh(parentLevel.Value)}，层级不高于{LevelZh(level)}", $"the parent '{parentCode}' is a {parentLevel}, not above a {level}")));
        }

        // A re-levelled unit must stay above the stored children the file does not mention.
        foreach (var (index, code, _, level, _) in parsed)
        {
            if (!byCode.TryGetValue(code, out var stored))
                continue;
            var child = existing.FirstOrDefault(c => c.ParentId == stored.Id && !inFile.ContainsKey(c.Code) && c.Level <= level);
            if (child is not null)
                issues.Add(new ImportIssue(index, code, "level", Bilingual.Text(
                    $"已有的下级单元“{child.Code}”是{LevelZh(child.Level)}，层级不低于{LevelZh(level)}", $"the stored child '{child.Code}' is a {child.Level}, not below a {level}")));
        }
        if (issues.Count > 0)
            return ImportResult.Rejected(issues);

        int created = 0, updated = 0;
        foreach (var (_, code, name, level, _) in parsed)
        {
            if (byCode.TryGetValue(code, out var unit))
            {
                unit.Name = name;
                unit.Level = level;
                updated++;
            }
            else
            {
                unit = new OrgUnit { Id = Guid.CreateVersion7(time.GetUtcNow()), Code = code, Name = name, Level = level, Path = "" };
                db.Add(unit);
                existing.Add(unit);
                byCode[code] = unit;
                created++;
            }
        }
        foreach (var (_, code, _, _, parentCode) in parsed)
            byCode[code].ParentId = parentCode is null ? null : byCode[parentCode].Id;
        UpdatePaths(existing);
        await SaveAsync(cancellationToken);
        return new ImportResult(created, updated, []);
    }

    /// <summary>
    /// Departments: a JSON array of <c>{code, name, orgUnitCode, isActive?}</c>. The org unit is a stored city,
    /// district or street, and gives the department its level.
    /// </summary>
    public async Task<ImportResult> ImportDepartmentsAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var rows = ArrayOf(body);
        var units = await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Level <= OrgLevel.Street)
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var existing = await db.Set<Department>().ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, cancellationToken);
        var issues = new List<ImportIssue>();
        var parsed = new List<(string Code, string Name, OrgUnit Unit, bool IsActive)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var before = issues.Count;
            var code = RequiredString(row, "code", MaxCodeLength, i, null, issues);
            var name = RequiredString(row, "name", MaxNameLength, i, code, issues);
            var unitCode = RequiredString(row, "orgUnitCode", MaxCodeLength, i, code, issues);
            var unit = unitCode is null ? null : units.GetValueOrDefault(unitCode);
            if (unitCode is not null && unit is null)
                issues.Add(new ImportIssue(i, code, "orgUnitCode", Bilingual.Text($"没有编码为“{unitCode}”的市、区或街道", $"no city, district or street has the code '{unitCode}'")));
            var isActive = true;
            if (row.TryGetProperty("isActive", out var active) && active.ValueKind != JsonValueKind.Null)
            {
                if (active.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    isActive = active.GetBoolean();
                else
                    issues.Add(new ImportIssue(i, code, "isActive", Bilingual.Text("isActive 必须是 true 或 false", "isActive must be true or false")));
            }
            if (code is not null && !seen.Add(code))
                issues.Add(new ImportIssue(i, code, "code", Bilingual.Text($"编码“{code}”在文件中出现了多次", $"the code '{code}' appears more than once in the file")));
            if (issues.Count == before)
                parsed.Add((code!, name!, unit!, isActive));
        }
        if (issues.Count > 0)
            return ImportResult.Rejected(issues);

        int created = 0, updated = 0;
        foreach (var (code, name, unit, isActive) in parsed)
        {
            if (!existing.TryGetValue(code, out var department))
            {
                department = new Department { Id = Guid.CreateVersion7(time.GetUtcNow()), Code = code, Name = name };
                db.Add(department);
                created++;
            }
            else
            {
                updated++;
            }
            department.Name = name;
            department.OrgUnitId = unit.Id;
            department.Level = unit.Level;
            department.IsActive = isActive;
        }
        await db.SaveChangesAsync(cancellationToken);
        rules.Invalidate();
        return new ImportResult(created, updated, []);
    }

    /// <summary>
    /// Grids: a GeoJSON FeatureCollection whose features have <c>properties {code, name, parentCode}</c> and a
    /// Polygon or MultiPolygon geometry in WGS-84 longitude/latitude. The parent is a stored unit above grid level.
    /// </summary>
    public async Task<ImportResult> ImportGridsAsync(JsonElement body, CancellationToken cancellationToken)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection")
            throw new InvalidRequestException("type", Bilingual.Text("请求体必须是 GeoJSON FeatureCollection。", "The body must be a GeoJSON FeatureCollection."));
        if (!body.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException("features", Bilingual.Text("FeatureCollection 必须包含 features 数组。", "The FeatureCollection must have a features array."));

        var existing = await db.Set<OrgUnit>().ToListAsync(cancellationToken);
        var byCode = existing.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var issues = new List<ImportIssue>();
        var parsed = new List<(string Code, string Name, OrgUnit Parent, string Boundary)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        var i = -1;
        foreach (var feature in features.EnumerateArray())
        {
            i++;
            var before = issues.Count;
            if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new ImportIssue(i, null, "properties", Bilingual.Text("该要素缺少 properties 对象", "the feature has no properties object")));
                continue;
            }
            var code = RequiredString(properties, "code", MaxCodeLength, i, null, issues, "properties.");
            var name = RequiredString(properties, "name", MaxNameLength, i, code, issues, "properties.");
            var parentCode = RequiredString(properties, "parentCode", MaxCodeLength, i, code, issues, "properties.");
            var parent = parentCode is null ? null : byCode.GetValueOrDefault(parentCode);
            if (parentCode is not null && parent is null)
                issues.Add(new ImportIssue(i, code, "properties.parentCode", Bilingual.Text($"没有编码为“{parentCode}”的组织单元", $"no org unit has the code '{parentCode}'")));
            else if (parent is { Level: OrgLevel.Grid })
                issues.Add(new ImportIssue(i, code, "properties.parentCode", Bilingual.Text(
                    $"上级“{parentCode}”是网格；网格的上级应为社区、街道或区", $"the parent '{parentCode}' is a grid; a grid's parent is a community, street or district")));
            if (code is not null && !seen.Add(code))
                issues.Add(new ImportIssue(i, code, "properties.code", Bilingual.Text($"编码“{code}”在文件中出现了多次", $"the code '{code}' appears more than once in the file")));
            else if (code is not null && byCode.TryGetValue(code, out var stored) && stored.Level != OrgLevel.Grid)
                issues.Add(new ImportIssue(i, code, "properties.code", Bilingual.Text($"“{code}”是{LevelZh(stored.Level)}，不是网格", $"'{code}' is a {stored.Level}, not a grid")));

            string? boundary = null;
            if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                issues.Add(new ImportIssue(i, code, "geometry", Bilingual.Text("该要素缺少 geometry（几何图形）", "the feature has no geometry")));
            else if (GeoJsonGeometry.TryRead(geometry, out var error) is null)
                issues.Add(new ImportIssue(i, code, "geometry", error!));
            else
                boundary = geometry.GetRawText();
            if (issues.Count == before)
                parsed.Add((code!, name!, parent!, boundary!));
        }
        if (issues.Count > 0)
            return ImportResult.Rejected(issues);

        int created = 0, updated = 0;
        foreach (var (code, name, parent, boundary) in parsed)
        {
            if (byCode.TryGetValue(code, out var grid))
            {
                updated++;
            }
            else
            {
                grid = new OrgUnit { Id = Guid.CreateVersion7(time.GetUtcNow()), Code = code, Name = name, Level = OrgLevel.Grid, Path = "" };
                db.Add(grid);
                existing.Add(grid);
                created++;
            }
            grid.Name = name;
            grid.ParentId = parent.Id;
            grid.BoundaryGeoJson = boundary;
        }
        UpdatePaths(existing);
        await SaveAsync(cancellationToken);
        return new ImportResult(created, updated, []);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        locator.Invalidate();
    }

    // Every unit's path from its parent's; only changed paths are written.
    private static void UpdatePaths(List<OrgUnit> units)
    {
        var byId = units.ToDictionary(u => u.Id);
        var paths = new Dictionary<Guid, string>(units.Count);
        string PathOf(OrgUnit unit)
        {
            if (paths.TryGetValue(unit.Id, out var path))
                return path;
            path = (unit.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent) ? PathOf(parent) : "/") + unit.Code + "/";
            paths[unit.Id] = path;
            return path;
        }
        foreach (var unit in units)
        {
            var path = PathOf(unit);
            if (unit.Path != path)
                unit.Path = path;
        }
    }

    private static List<JsonElement> ArrayOf(JsonElement body) => body.ValueKind == JsonValueKind.Array
        ? [.. body.EnumerateArray()]
        : throw new InvalidRequestException("body", Bilingual.Text("请求体必须是 JSON 数组。", "The body must be a JSON array."));

    private static string? RequiredString(JsonElement row, string field, int maxLength, int index, string? code, List<ImportIssue> issues, string prefix = "")
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            if (field == "code")
                issues.Add(new ImportIssue(index, null, "", Bilingual.Text("该条目必须是 JSON 对象", "the entry must be a JSON object")));
            return null;
        }
        if (!row.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            issues.Add(new ImportIssue(index, code, prefix + field, Bilingual.Text($"{field} 为必填项", $"{field} is required")));
            return null;
        }
        var text = value.GetString()!.Trim();
        if (text.Length > maxLength)
        {
            issues.Add(new ImportIssue(index, code, prefix + field, Bilingual.Text($"{field} 超过 {maxLength} 个字符", $"{field} is longer than {maxLength} characters")));
            return null;
        }
        if (field.EndsWith("ode", StringComparison.Ordinal) && text.Contains('/', StringComparison.Ordinal))
        {
            issues.Add(new ImportIssue(index, code, prefix + field, Bilingual.Text($"{field} 不能包含“/”", $"{field} may not contain '/'")));
            return null;
        }
        return text;
    }

    private static string? OptionalString(JsonElement row, string field, int index, string? code, List<ImportIssue> issues)
    {
        if (row.ValueKind != JsonValueKind.Object || !row.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            issues.Add(new ImportIssue(index, code, field, Bilingual.Text($"{field} 必须是字符串", $"{field} must be a string")));
            return null;
        }
        return string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim();
    }

    private static OrgLevel? ReadLevel(JsonElement row, int index, string? code, List<ImportIssue> issues)
    {
        if (row.ValueKind != JsonValueKind.Object)
            return null;
        OrgLevel? level = null;
        if (row.TryGetProperty("level", out var value))
        {
            if (value.ValueKind == JsonValueKind.String && Enum.TryParse<OrgLevel>(value.GetString(), ignoreCase: true, out var named) && !int.TryParse(value.GetString(), out _))
                level = named;
            else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                level = (OrgLevel)number;
        }
        if (level is >= OrgLevel.City and <= OrgLevel.Community)
            return level;
        issues.Add(new ImportIssue(index, code, "level", level == OrgLevel.Grid
            ? Bilingual.Text("网格须以 GeoJSON 导入", "grids are imported as GeoJSON")
            : Bilingual.Text("level 必须是 City、District、Street 或 Community（市、区、街道、社区）", "level must be City, District, Street or Community")));
        return null;
    }

    /// <summary>A level's Chinese name, for messages: 市, 区, 街道, 社区, 网格.</summary>
    private static string LevelZh(OrgLevel level) => level switch
    {
        OrgLevel.City => "市",
        OrgLevel.District => "区",
        OrgLevel.Street => "街道",
        OrgLevel.Community => "社区",
        OrgLevel.Grid => "网格",
        _ => level.ToString(),
    };
}
