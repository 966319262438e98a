using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Dispatch;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Reply;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Cases;

public sealed record ItemChoice(string Code, string Name, double Confidence);

/// <summary>The department a rule names for <see cref="ItemCode"/> at the case's place; <see cref="Reason"/> says which item, for people.</summary>
public sealed record DepartmentChoice(string Code, string Name, string Reason, string ItemCode);

public sealed record DispatchSuggestions(IReadOnlyList<ItemChoice> Items, IReadOnlyList<DepartmentChoice> Departments);

public sealed record MapPoint(double Lat, double Lng);

/// <summary>The grid's boundary as rings of [lng, lat] points (every ring of every polygon of a MultiPolygon).</summary>
public sealed record MapGrid(string Code, string Name, IReadOnlyList<IReadOnlyList<double[]>> Polygon);

public sealed record CaseMap(MapGrid? Grid, MapPoint? Point);

public sealed record PublicReportRequest(
    string? Kind, string? Title, string? Description, double? Latitude, double? Longitude, string? Address, string? Name, string? Phone,
    List<AttachmentInfo>? Attachments);

public sealed record PublicReportResult(string TrackingNumber);

public sealed record AnswerRequest(string? Answer);

public sealed record PublicRatingRequest(string? Result, bool? Resolved, string? Comment);

/// <summary>What the dispatcher's drawer and the case page need besides the case itself; and the citizen's own report and rating.</summary>
public static class CaseWorkbenchEndpoints
{
    public static RouteGroupBuilder MapCaseWorkbench(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases/{id:guid}").WithTags("Cases").RequireCaseInScope();
        group.MapGet("/suggestions", Suggestions).WithName("GetDispatchSuggestions")
            .WithSummary("The classifier's top items for the case's text, and for each of them (and the current item, and `itemCode` if given) the department its rule names at the case's place.");
        group.MapPost("/answer", Answer).Body<AnswerRequest>().RequireAuthorization(Policies.Intake).WithName("AnswerEnquiry")
            .WithSummary("即问即答: the hotline agent answers an enquiry on the phone (`{answer}`); the answer is the reply and the case closes. 409 unless the case waits for an answer.");
        group.MapGet("/map", Map).WithName("GetCaseMap").WithSummary("The case's point and its grid's boundary (GeoJSON geometry), for the map snippet.");
        return api;
    }

    public static IEndpointRouteBuilder MapPublicCases(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/public/cases").WithTags("Public").AllowAnonymous().RequireRateLimiting(Policies.PublicRateLimit);
        group.MapPost("/", Report).Body<PublicReportRequest>().WithName("PublicReport").WithSummary("市民上报: a citizen reports a case (channel CitizenApp); answers the tracking number.");
        group.MapPost("/{trackingNumber}/rating", Rate).Body<PublicRatingRequest>().WithName("PublicRating")
            .WithSummary("满意度评价: the citizen answers the callback (?phone=last 4 digits); 409 when the case is not waiting for it.");
        return app;
    }

    private static async Task<Ok<DispatchSuggestions>> Suggestions(Guid id, string? itemCode, CaseHubDbContext db, ItemClassifier classifier, DispatchRules rules,
        CancellationToken cancellationToken)
    {
        var found = await db.Set<Case>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("Case", id);
        // The dispatcher decides: an item the case's kind rules out still shows, lower down, in case the kind was mistyped.
        var items = await classifier.SuggestAsync($"{found.Title} {found.Description}", found.Kind, 5, cancellationToken, kindPreferred: true);
        var candidates = items.Select(i => (i.ItemId, i.Code, i.NameZh)).ToList();
        if (found.ItemId is { } current && candidates.All(c => c.ItemId != current)
            && await db.Set<Item>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == current, cancellationToken) is { } item)
            candidates.Insert(0, (item.Id, item.Code, item.NameZh));
        // The item the dispatcher found by searching: its rule too, so the drawer can offer its department.
        if (!string.IsNullOrWhiteSpace(itemCode) && candidates.All(c => c.Code != itemCode.Trim()))
        {
            var picked = await db.Set<Item>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == itemCode.Trim() && i.IsActive, cancellationToken)
                ?? throw new InvalidRequestException("itemCode", Bilingual.Text($"“{itemCode}”不是启用的事项。", $"'{itemCode}' is not an active item."));
            candidates.Add((picked.Id, picked.Code, picked.NameZh));
        }
        var departments = new List<DepartmentChoice>();
        foreach (var (itemId, code, name) in candidates)
            if (await rules.ResolveAsync(itemId, found.GridId ?? found.JurisdictionId, cancellationToken) is { } department)
                departments.Add(new DepartmentChoice(department.Code, department.Name, $"{code} {name}", code));
        return TypedResults.Ok(new DispatchSuggestions([.. items.Select(i => new ItemChoice(i.Code, i.NameZh, i.Confidence))], departments));
    }

    private static async Task<Ok<CaseDto>> Answer(Guid id, HttpRequest request, CaseHubDbContext db, CaseReferenceNames names, HumanTaskService tasks, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<AnswerRequest>(request, json.Value.SerializerOptions, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Answer))
            throw new InvalidRequestException("answer", Bilingual.Text("请填写给市民的答复。", "Write the answer given to the citizen."));
        if (body.Answer.Length > 4000)
            throw new InvalidRequestException("answer", Bilingual.Text("最多 4000 字。", "At most 4,000 characters."));
        var instanceId = await db.Set<Case>().Where(c => c.Id == id).Select(c => c.WorkflowInstanceId).FirstOrDefaultAsync(cancellationToken);
        var task = await db.Set<HumanTask>().Where(t => t.InstanceId == instanceId && t.CandidateGroup == "hotline" && t.Status == HumanTaskStatus.Open)
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidStateException(Bilingual.Text("该案件当前不在等待电话答复。", "This case is not waiting for an answer on the phone."));
        await tasks.CompleteAsync(task, "Answered", new System.Text.Json.Nodes.JsonObject { ["answer"] = body.Answer.Trim() }, request.HttpContext.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var answered = await db.Set<Case>().AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken);
        return TypedResults.Ok(await CaseEndpoints.DtoAsync(names, db, answered, (await request.HttpContext.StaffAsync()).CanSeePersonalData, cancellationToken));
    }

    private static async Task<Ok<CaseMap>> Map(Guid id, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.Set<Case>().AsNoTracking().Where(c => c.Id == id).Select(c => new { c.GridId, c.Latitude, c.Longitude })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Case", id);
        var grid = found.GridId is { } gridId
            ? await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == gridId).Select(u => new { u.Code, u.Name, u.BoundaryGeoJson }).FirstOrDefaultAsync(cancellationToken)
            : null;
        return TypedResults.Ok(new CaseMap(
            grid?.BoundaryGeoJson is { Length: > 0 } geometry ? new MapGrid(grid.Code, grid.Name, Rings(geometry)) : null,
            found.Latitude is { } lat && found.Longitude is { } lng ? new MapPoint(lat, lng) : null));
    }

    private static List<IReadOnlyList<double[]>> Rings(string geoJson)
    {
        using var document = JsonDocument.Parse(geoJson);
        var root = document.RootElement;
        var coordinates = root.GetProperty("coordinates");
        var polygons = root.GetProperty("type").GetString() == "MultiPolygon" ? coordinates.EnumerateArray().ToList() : [coordinates];
        return [.. polygons.SelectMany(p => p.EnumerateArray())
            .Select(ring => (IReadOnlyList<double[]>)[.. ring.EnumerateArray().Select(point => new[] { point[0].GetDouble(), point[1].GetDouble() })])];
    }

    private static async Task<Created<PublicReportResult>> Report(HttpRequest request, CaseIntake intake, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<PublicReportRequest>(request, json.Value.SerializerOptions, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Name))
            throw new InvalidRequestException("name", Bilingual.Text("请填写您的姓名，以便我们答复您。", "Tell us your name, so that we can reply."));
        if (string.IsNullOrWhiteSpace(body.Phone))
            throw new InvalidRequestException("phone", Bilingual.Text("请填写电话号码：答复和回访都将通过该号码联系您。", "Give a phone number: the reply and the callback come to it."));
        var intakeRequest = new IntakeRequest(nameof(Channel.CitizenApp), null, body.Kind, body.Title, body.Description,
            body.Latitude is null && body.Longitude is null && body.Address is null ? null : new IntakeLocation(body.Latitude, body.Longitude, body.Address),
            new IntakeComplainant(body.Name, body.Phone, null), null, body.Attachments);
        var result = await intake.ReceiveAsync(intakeRequest, "citizen", cancellationToken);
        return TypedResults.Created($"/api/public/cases/{result.Case.TrackingNumber}", new PublicReportResult(result.Case.TrackingNumber));
    }

    private static async Task<NoContent> Rate(string trackingNumber, string? phone, HttpRequest request, CaseStatusPage page, HumanTaskService tasks,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<PublicRatingRequest>(request, json.Value.SerializerOptions, cancellationToken);
        if (body.Resolved is null)
            throw new InvalidRequestException("resolved", Bilingual.Text("请说明问题是否已解决：true 或 false。", "Say whether the problem was solved: true or false."));
        if (body.Comment?.Length > 2000)
            throw new InvalidRequestException("comment", Bilingual.Text("最多 2000 字。", "At most 2,000 characters."));
        await page.RateAsync(trackingNumber, phone, body.Result, body.Resolved, body.Comment?.Trim(), tasks, cancellationToken);
        return TypedResults.NoContent();
    }
}
