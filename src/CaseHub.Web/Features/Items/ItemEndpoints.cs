using CaseHub.Web.Features.Access;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Items;

public sealed record ItemDto(string Code, string? ParentCode, int Level, string NameZh, string NameEn, IReadOnlyList<CaseKind> Kinds,
    CaseGrade DefaultGrade, IReadOnlyList<string> Keywords, StageTimeLimits TimeLimits, bool IsActive, bool IsLeaf);

public sealed record ItemTreeNode(string Code, int Level, string NameZh, string NameEn, bool IsActive, bool IsLeaf, IReadOnlyList<ItemTreeNode> Children);

public sealed record RuleDto(string? OrgUnitCode, string DepartmentCode, int Priority);

public sealed record ItemDetail(ItemDto Item, IReadOnlyList<RuleDto> Rules, IReadOnlyList<string> ChildCodes);

public sealed record ClassifyRequest(string? Text, CaseKind? Kind, int? Top);

public sealed record ClassifySuggestion(string Code, string NameZh, string NameEn, double Confidence);

public sealed record ConfirmClassificationRequest(string? Text, string? Code);

/// <summary>The item list (事项清单): browse, import and export as CSV or JSON, and classify case text against it.</summary>
public static class ItemEndpoints
{
    private const int MaxFileBytes = 10 * 1024 * 1024;

    public static RouteGroupBuilder MapItems(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/items").WithTags("Items");
        group.MapGet("/", List).WithName("ListItems").OkOneOf<List<ItemDto>, List<ItemTreeNode>>()
            .WithSummary("The item list, flat (default) or as a tree (view=tree); q searches code, names and keywords; level filters the flat view.");
        group.MapGet("/export", Export).WithName("ExportItems").WithSummary("The whole item list as format=json (default) or csv (UTF-8 with BOM).");
        group.MapPost("/import", Import).RequireAuthorization(Policies.Administer).WithName("ImportItems")
            .WithSummary("Upserts items by code from a CSV or JSON file (the body). Any bad row: 400 listing every error, and nothing is written.");
        group.MapPost("/classify", Classify).WithName("ClassifyText").WithSummary("The top leaf items for a case description, with a confidence 0..1.");
        group.MapPost("/classify/confirm", Confirm).RequireAuthorization(Policies.Dispatch).WithName("ConfirmClassification").WithSummary("Records the item chosen for a text, to improve later suggestions.");
        group.MapGet("/{code}", Get).WithName("GetItem").WithSummary("One item with its responsibility rules; the ETag is its row version, for If-Match on PUT.");
        group.MapPut("/{code}", Put).RequireAuthorization(Policies.Administer).WithName("SaveItem").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates the item (201) or replaces it (200; needs If-Match with the ETag it was read with, else 409), with the same checks as an import row; its rules replace the stored ones.");
        return api;
    }

    private static async Task<Ok<List<ItemDto>>> ListFlat(CaseHubDbContext db, string? q, int? level, CancellationToken cancellationToken)
    {
        var (items, leaves) = await LoadAsync(db, cancellationToken);
        var matches = items.Where(i => (level is null || i.Level == level) && Matches(i, q)).OrderBy(i => i.Code, StringComparer.Ordinal);
        var codes = items.ToDictionary(i => i.Id, i => i.Code);
        return TypedResults.Ok(matches.Select(i => ToDto(i, codes, leaves)).ToList());
    }

    private static async Task<Results<Ok<List<ItemDto>>, Ok<List<ItemTreeNode>>>> List(
        CaseHubDbContext db, string? q, int? level, string? view, CancellationToken cancellationToken)
    {
        if (level is < 1 or > ItemListImport.MaxLevel)
            throw new InvalidRequestException("level", Bilingual.Text($"层级应为 1 到 {ItemListImport.MaxLevel}。", $"The level is 1 to {ItemListImport.MaxLevel}."));
        switch (view?.ToLowerInvariant())
        {
            case null or "" or "flat":
                return await ListFlat(db, q, level, cancellationToken);
            case "tree":
                break;
            default:
                throw new InvalidRequestException("view", Bilingual.Text("view 只能是“flat”或“tree”。", "The view is 'flat' or 'tree'."));
        }

        var (items, leaves) = await LoadAsync(db, cancellationToken);
        var byId = items.ToDictionary(i => i.Id);
        // A search keeps the matching items and the path down to them.
        var keep = new HashSet<Guid>();
        foreach (var item in items.Where(i => Matches(i, q)))
        {
            for (Item? node = item; node is not null && keep.Add(node.Id); node = node.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
            {
            }
        }
        var children = items.Where(i => keep.Contains(i.Id)).ToLookup(i => i.ParentId);
        List<ItemTreeNode> Build(Guid? parentId) =>
        [
            .. children[parentId].OrderBy(i => i.Code, StringComparer.Ordinal)
                .Select(i => new ItemTreeNode(i.Code, i.Level, i.NameZh, i.NameEn, i.IsActive, leaves.Contains(i.Id), Build(i.Id))),
        ];
        return TypedResults.Ok(Build(null));
    }

    private static async Task<Results<Ok<ItemDetail>, NotFound>> Get(string code, HttpResponse response, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.Set<Item>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (item is null)
            return TypedResults.NotFound();
        response.Headers.ETag = RowVersionETags.ETag(item.RowVersion);
        return TypedResults.Ok(await DetailAsync(item, db, cancellationToken));
    }

    private static async Task<Results<Ok<ItemDetail>, Created<ItemDetail>, ValidationProblem>> Put(string code, ItemRecord body, HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ItemListImport import, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        if (body.Code is { } stated && stated.Trim() != code)
            throw new InvalidRequestException("code", Bilingual.Text(
                $"请求体中的编码“{stated}”与地址中的“{code}”不一致；事项编码不能修改。",
                $"The body's code '{stated}' is not the address's '{code}'; an item's code cannot change."));
        (Item Item, bool Created) saved;
        try
        {
            saved = await import.SaveOneAsync(code, body, RowVersionETags.IfMatch(ifMatch, "item"), cancellationToken);
        }
        catch (ItemImportException e)
        {
            return TypedResults.ValidationProblem(ErrorsByKey(e), Bilingual.Text("未保存任何内容。", "Nothing was saved."),
                title: Bilingual.Text("该事项有错误", "The item has errors"));
        }
        request.HttpContext.Response.Headers.ETag = RowVersionETags.ETag(saved.Item.RowVersion);
        var detail = await DetailAsync(saved.Item, db, cancellationToken);
        return saved.Created ? TypedResults.Created($"/api/items/{Uri.EscapeDataString(code)}", detail) : TypedResults.Ok(detail);
    }

    private static async Task<ItemDetail> DetailAsync(Item item, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var parentCode = item.ParentId is { } p ? await db.Set<Item>().Where(i => i.Id == p).Select(i => i.Code).FirstAsync(cancellationToken) : null;
        var childCodes = await db.Set<Item>().Where(i => i.ParentId == item.Id).OrderBy(i => i.Code).Select(i => i.Code).ToListAsync(cancellationToken);
        var rules = await (
            from r in db.Set<ResponsibilityRule>().AsNoTracking().Where(r => r.ItemId == item.Id)
            join d in db.Set<Department>() on r.DepartmentId equals d.Id
            join o in db.Set<OrgUnit>() on r.OrgUnitId equals (Guid?)o.Id into orgs
            from o in orgs.DefaultIfEmpty()
            orderby r.Priority descending
            select new RuleDto(o == null ? null : o.Code, d.Code, r.Priority))
            .ToListAsync(cancellationToken);
        var dto = new ItemDto(item.Code, parentCode, item.Level, item.NameZh, item.NameEn, item.Kinds, item.DefaultGrade, item.Keywords,
            item.TimeLimits, item.IsActive, childCodes.Count == 0);
        return new ItemDetail(dto, rules, childCodes);
    }

    private static async Task<FileContentHttpResult> Export(string? format, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var parsed = ParseFormat(format) ?? ItemListFormat.Json;
        var bytes = await ItemListExport.ExportAsync(db, parsed, cancellationToken);
        return parsed == ItemListFormat.Csv
            ? TypedResults.File(bytes, "text/csv; charset=utf-8", "items.csv")
            : TypedResults.File(bytes, "application/json; charset=utf-8", "items.json");
    }

    private static async Task<Results<Ok<ItemImportResult>, ValidationProblem>> Import(
        HttpRequest request, string? format, ItemListImport import, CancellationToken cancellationToken)
    {
        var parsed = ParseFormat(format) ?? request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "text/csv" => ItemListFormat.Csv,
            "application/json" => ItemListFormat.Json,
            _ => throw new InvalidRequestException("format", Bilingual.Text(
                "请指定 format=csv 或 format=json，或以 Content-Type text/csv 或 application/json 发送。",
                "Say format=csv or format=json, or send Content-Type text/csv or application/json.")),
        };
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length > MaxFileBytes)
            throw new InvalidRequestException("body", Bilingual.Text($"文件超过 {MaxFileBytes / 1024 / 1024} MB。", $"The file is larger than {MaxFileBytes / 1024 / 1024} MB."));
        try
        {
            return TypedResults.Ok(await import.ImportAsync(body.GetBuffer().AsMemory(0, (int)body.Length), parsed, cancellationToken));
        }
        catch (ItemImportException e)
        {
            return TypedResults.ValidationProblem(ErrorsByKey(e), e.Message, title: Bilingual.Text("事项清单有错误", "The item list has errors"));
        }
    }

    /// <summary>A file's errors keyed by row and field (<c>row 3.code</c>); one item's by field alone.</summary>
    private static Dictionary<string, string[]> ErrorsByKey(ItemImportException e) =>
        e.Errors.GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray());

    private static async Task<Ok<List<ClassifySuggestion>>> Classify(ClassifyRequest request, ItemClassifier classifier, CancellationToken cancellationToken)
    {
        var text = RequireText(request.Text);
        if (request.Top is < 1 or > ItemClassifier.MaxTop)
            throw new InvalidRequestException("top", Bilingual.Text($"top 应为 1 到 {ItemClassifier.MaxTop}。", $"top is 1 to {ItemClassifier.MaxTop}."));
        var suggestions = await classifier.SuggestAsync(text, request.Kind, request.Top ?? 5, cancellationToken);
        return TypedResults.Ok(suggestions.Select(s => new ClassifySuggestion(s.Code, s.NameZh, s.NameEn, s.Confidence)).ToList());
    }

    private static async Task<NoContent> Confirm(ConfirmClassificationRequest request, HttpContext http, ItemClassifier classifier,
        CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var text = RequireText(request.Text);
        if (string.IsNullOrWhiteSpace(request.Code))
            throw new InvalidRequestException("code", Bilingual.Text("事项编码不能为空。", "The item code is required."));
        await classifier.ConfirmAsync(db, text, request.Code.Trim(), http.User.Name(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static string RequireText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidRequestException("text", Bilingual.Text("诉求内容不能为空。", "The text is required."));
        if (text.Length > ItemClassifier.MaxTextLength)
            throw new InvalidRequestException("text", Bilingual.Text($"诉求内容超过 {ItemClassifier.MaxTextLength} 个字符。", $"The text has more than {ItemClassifier.MaxTextLength} characters."));
        return text.Trim();
    }

    private static ItemListFormat? ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" => null,
        "csv" => ItemListFormat.Csv,
        "json" => ItemListFormat.Json,
        _ => throw new InvalidRequestException("format", Bilingual.Text("format 只能是 csv 或 json。", "The format is csv or json.")),
    };

    // The item list is a catalogue of hundreds to a few thousand rows, so it is read whole and filtered in memory;
    // keywords are stored as text[] on PostgreSQL and JSON on SQLite, which no single query searches alike.
    private static async Task<(List<Item> Items, HashSet<Guid> Leaves)> LoadAsync(CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var items = await db.Set<Item>().AsNoTracking().ToListAsync(cancellationToken);
        var parents = items.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        return (items, items.Where(i => !parents.Contains(i.Id)).Select(i => i.Id).ToHashSet());
    }

    private static bool Matches(Item item, string? q) =>
        string.IsNullOrWhiteSpace(q)
        || item.Code.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
        || item.NameZh.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
        || item.NameEn.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
        || item.Keywords.Any(k => k.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase));

    private static ItemDto ToDto(Item i, Dictionary<Guid, string> codes, HashSet<Guid> leaves) =>
        new(i.Code, i.ParentId is { } p ? codes[p] : null, i.Level, i.NameZh, i.NameEn, i.Kinds, i.DefaultGrade, i.Keywords, i.TimeLimits, i.IsActive, leaves.Contains(i.Id));
}
