using CaseHub.Web.Features.Access;
using CaseHub.Web.Infrastructure;
using System.Globalization;
using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Organisation;

public sealed record OrgUnitDto(string Code, string Name, OrgLevel Level, string? ParentCode, string Path, bool HasBoundary);

public sealed record OrgUnitTreeNode(string Code, string Name, OrgLevel Level, bool HasBoundary, List<OrgUnitTreeNode> Children);

public sealed record OrgUnitDetail(string Code, string Name, OrgLevel Level, string? ParentCode, string Path, JsonElement? Boundary,
    IReadOnlyList<OrgUnitRef> Chain, int Children);

public sealed record DepartmentDto(string Code, string Name, string OrgUnitCode, OrgLevel Level, bool IsActive);

public sealed record ImportSummary(int Created, int Updated);

/// <summary>How a location was found: from the coordinates or, failing that, from the address text.</summary>
public enum LocateMethod
{
    Point = 1,
    Address = 2,
}

public sealed record LocateResult(LocateMethod Method, OrgUnitRef? Grid, OrgUnitRef Unit, OrgUnitRef Jurisdiction, IReadOnlyList<OrgUnitRef> Chain);

/// <summary>The org tree, departments and grids: listing, imports, and point/address location.</summary>
public static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisation(this RouteGroupBuilder api)
    {
        var units = api.MapGroup("/org-units").WithTags("Organisation");
        units.MapGet("/", ListUnits).WithName("ListOrgUnits").OkOneOf<List<OrgUnitDto>, List<OrgUnitTreeNode>>()
            .WithSummary("Org units ordered by path; filter by level and parent code, or view=tree for nested nodes.");
        units.MapGet("/{code}", GetUnit).WithName("GetOrgUnit")
            .WithSummary("One org unit with its boundary (grids) and its chain up to the root.");
        units.MapPost("/import", ImportUnits).RequireAuthorization(Policies.Administer).WithName("ImportOrgUnits")
            .WithSummary("Upserts the org tree above grid level from a JSON array of {code, name, level, parentCode}; nothing is written if any entry is bad.");

        api.MapPost("/grids/import", ImportGrids).RequireAuthorization(Policies.Administer).WithTags("Organisation").WithName("ImportGrids")
            .WithSummary("Upserts grids from a GeoJSON FeatureCollection with properties {code, name, parentCode}; nothing is written if any feature is bad.");

        var departments = api.MapGroup("/departments").WithTags("Organisation");
        departments.MapGet("/", ListDepartments).WithName("ListDepartments");
        departments.MapPost("/import", ImportDepartments).RequireAuthorization(Policies.Administer).WithName("ImportDepartments")
            .WithSummary("Upserts departments from a JSON array of {code, name, orgUnitCode, isActive?}; nothing is written if any entry is bad.");

        api.MapGet("/locate", Locate).WithTags("Organisation").WithName("Locate")
            .WithSummary("The grid, jurisdiction and chain for a point, falling back to the address text; 404 when neither locates.");
        return api;
    }

    private static async Task<IResult> ListUnits(CaseHubDbContext db, string? level, string? parent, string? view, CancellationToken cancellationToken)
    {
        var query = db.Set<OrgUnit>().AsNoTracking();
        if (ParseLevel(level) is { } l)
            query = query.Where(u => u.Level == l);
        if (!string.IsNullOrWhiteSpace(parent))
        {
            var parentId = await db.Set<OrgUnit>().Where(u => u.Code == parent).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Org unit", parent);
            query = query.Where(u => u.ParentId == parentId);
        }
        var rows = await query.OrderBy(u => u.Path)
            .Select(u => new { u.Id, u.ParentId, u.Code, u.Name, u.Level, u.Path, HasBoundary = u.BoundaryGeoJson != null })
            .ToListAsync(cancellationToken);
        var codes = await ParentCodesAsync(db, rows.Where(r => r.ParentId != null).Select(r => r.ParentId!.Value), cancellationToken);

        switch (view)
        {
            case null or "" or "flat":
                return TypedResults.Ok(rows.Select(r => new OrgUnitDto(r.Code, r.Name, r.Level, r.ParentId is { } p ? codes[p] : null, r.Path, r.HasBoundary)).ToList());
            case "tree":
                // Units whose parent is not in the result are roots of the returned forest.
                var nodes = rows.ToDictionary(r => r.Id, r => new OrgUnitTreeNode(r.Code, r.Name, r.Level, r.HasBoundary, []));
                var roots = new List<OrgUnitTreeNode>();
                foreach (var row in rows)
                {
                    if (row.ParentId is { } p && nodes.TryGetValue(p, out var parentNode))
                        parentNode.Children.Add(nodes[row.Id]);
                    else
                        roots.Add(nodes[row.Id]);
                }
                return TypedResults.Ok(roots);
            default:
                throw new InvalidRequestException("view", Bilingual.Text("view 只能是 flat 或 tree。", "view must be flat or tree."));
        }
    }

    private static async Task<Dictionary<Guid, string>> ParentCodesAsync(CaseHubDbContext db, IEnumerable<Guid> parentIds, CancellationToken cancellationToken)
    {
        // Parents are the units above grid level: few, so fetched whole rather than by a long IN list.
        var ids = parentIds.ToHashSet();
        if (ids.Count == 0)
            return [];
        var parents = await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Level < OrgLevel.Grid)
            .Select(u => new { u.Id, u.Code }).ToListAsync(cancellationToken);
        return parents.Where(p => ids.Contains(p.Id)).ToDictionary(p => p.Id, p => p.Code);
    }

    private static async Task<Results<Ok<OrgUnitDetail>, NotFound>> GetUnit(string code, CaseHubDbContext db, GridLocator locator, CancellationToken cancellationToken)
    {
        var unit = await db.Set<OrgUnit>().AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
            return TypedResults.NotFound();
        var parentCode = unit.ParentId is { } parentId
            ? await db.Set<OrgUnit>().Where(u => u.Id == parentId).Select(u => u.Code).SingleAsync(cancellationToken)
            : null;
        var children = await db.Set<OrgUnit>().CountAsync(u => u.ParentId == unit.Id, cancellationToken);
        var chain = (await locator.GetIndexAsync(cancellationToken)).ChainOf(unit.Id);
        JsonElement? boundary = null;
        if (unit.BoundaryGeoJson is { } json)
        {
            using var document = JsonDocument.Parse(json);
            boundary = document.RootElement.Clone();
        }
        return TypedResults.Ok(new OrgUnitDetail(unit.Code, unit.Name, unit.Level, parentCode, unit.Path, boundary, chain, children));
    }

    private static Task<Results<Ok<ImportSummary>, ValidationProblem>> ImportUnits(HttpRequest request, OrgImport import, CancellationToken cancellationToken) =>
        ImportAsync(request, import.ImportUnitsAsync, "", cancellationToken);

    private static Task<Results<Ok<ImportSummary>, ValidationProblem>> ImportGrids(HttpRequest request, OrgImport import, CancellationToken cancellationToken) =>
        ImportAsync(request, import.ImportGridsAsync, "features", cancellationToken);

    private static Task<Results<Ok<ImportSummary>, ValidationProblem>> ImportDepartments(HttpRequest request, OrgImport import, CancellationToken cancellationToken) =>
        ImportAsync(request, import.ImportDepartmentsAsync, "", cancellationToken);

    /// <summary>
    /// Reads the body as JSON and runs the import. A rejected import is a 400 whose errors are keyed by entry and
    /// field (<c>features[3].geometry</c>, <c>[2].parentCode</c>), with the full list under <c>issues</c>.
    /// </summary>
    private static async Task<Results<Ok<ImportSummary>, ValidationProblem>> ImportAsync(HttpRequest request,
        Func<JsonElement, CancellationToken, Task<ImportResult>> import, string collection, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            throw new InvalidRequestException("body", Bilingual.Text(
                "请求体必须是 JSON（Content-Type：application/json 或 application/geo+json）。",
                "The body must be JSON (Content-Type: application/json or application/geo+json)."));
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException("body", Bilingual.Text($"请求体不是有效的 JSON{Bilingual.WhereJsonBroke(e)}。", $"The body is not valid JSON: {e.Message}"));
        }
        using (document)
        {
            var result = await import(document.RootElement, cancellationToken);
            if (result.Succeeded)
                return TypedResults.Ok(new ImportSummary(result.Created, result.Updated));
            var errors = result.Issues
                .GroupBy(i => $"{collection}[{i.Index}]" + (i.Field.Length > 0 ? "." + i.Field : ""))
                .ToDictionary(g => g.Key, g => g.Select(i => i.Reason).ToArray());
            var invalid = result.Issues.Select(i => i.Index).Distinct().Count();
            return TypedResults.ValidationProblem(errors,
                detail: Bilingual.Text($"有 {invalid} 条数据无效，未导入任何数据。", $"{invalid} entries are invalid; nothing was imported."),
                title: Bilingual.Text("导入数据有误", "The import is invalid"),
                extensions: new Dictionary<string, object?> { ["issues"] = result.Issues });
        }
    }

    private static bool HasJsonContentType(this HttpRequest request) =>
        request.ContentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/geo+json", StringComparison.OrdinalIgnoreCase));

    private static OrgLevel? ParseLevel(string? level) =>
        string.IsNullOrWhiteSpace(level) ? null
        : Enum.TryParse<OrgLevel>(level, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new InvalidRequestException("level", Bilingual.Text(
            "level 必须是 City、District、Street、Community 或 Grid（市、区、街道、社区、网格）。",
            "level must be City, District, Street, Community or Grid."));

    private static async Task<Ok<List<DepartmentDto>>> ListDepartments(CaseHubDbContext db, string? orgUnit, string? level, CancellationToken cancellationToken)
    {
        var query = from d in db.Set<Department>().AsNoTracking()
                    join u in db.Set<OrgUnit>() on d.OrgUnitId equals u.Id
                    select new { d, u.Code };
        if (!string.IsNullOrWhiteSpace(orgUnit))
            query = query.Where(x => x.Code == orgUnit);
        if (ParseLevel(level) is { } l)
            query = query.Where(x => x.d.Level == l);
        var rows = await query.OrderBy(x => x.d.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(x => new DepartmentDto(x.d.Code, x.d.Name, x.Code, x.d.Level, x.d.IsActive)).ToList());
    }

    /// <summary>
    /// Coordinates first; when they fall in no grid (or are absent), the address text. 400 names <c>lat</c> or
    /// <c>lng</c> when one is out of range or given without the other; 404 when nothing locates, which intake
    /// treats as "send to the manual dispatch queue".
    /// </summary>
    private static async Task<Results<Ok<LocateResult>, ProblemHttpResult>> Locate(string? lat, string? lng, string? address, GridLocator locator, CancellationToken cancellationToken)
    {
        var latitude = Coordinate(lat, "lat", 90);
        var longitude = Coordinate(lng, "lng", 180);
        if (latitude.HasValue != longitude.HasValue)
            throw new InvalidRequestException(latitude.HasValue ? "lng" : "lat", Bilingual.Text("lat 和 lng 必须同时提供。", "lat and lng must be given together."));
        if (latitude is null && string.IsNullOrWhiteSpace(address))
            throw new InvalidRequestException("lat", Bilingual.Text("请提供 lat 和 lng，或提供地址。", "Give lat and lng, or an address."));
        if (address is { Length: > 500 })
            throw new InvalidRequestException("address", Bilingual.Text("address 最多 500 个字符。", "address must be at most 500 characters."));

        var index = await locator.GetIndexAsync(cancellationToken);
        var (method, location) = latitude is { } y && index.Locate(y, longitude!.Value) is { } byPoint
            ? (LocateMethod.Point, byPoint)
            : (LocateMethod.Address, index.LocateByAddress(address));
        if (location is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Bilingual.Text("未能定位", "Not located"),
                detail: Bilingual.Text("该坐标不在任何网格内，地址中也没有可识别的组织单元名称。", "No grid contains the point and no org unit is named in the address."));
        return TypedResults.Ok(new LocateResult(method, location.Grid, location.Unit, location.Jurisdiction, location.Chain));
    }

    private static double? Coordinate(string? text, string field, double limit)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new InvalidRequestException(field, Bilingual.Text($"{field} 必须是数字。", $"{field} must be a number."));
        if (value < -limit || value > limit)
            throw new InvalidRequestException(field, Bilingual.Text($"{field} 必须在 -{limit} 到 {limit} 之间。", $"{field} must be between -{limit} and {limit}."));
        return value;
    }
}
