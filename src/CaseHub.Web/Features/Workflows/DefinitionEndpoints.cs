using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Timers;
using CaseHub.Workflows.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Workflows;

public sealed record DefinitionSummary(string DefinitionId, string Name, int? PublishedVersion, int? DraftVersion, int LatestVersion, int RunningInstances);

public sealed record VersionSummary(Guid Id, string DefinitionId, int Version, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string? CreatedBy, long RowVersion);

public sealed record ValidationResult(bool IsValid, IReadOnlyList<ValidationIssueDto> Issues);

public sealed record ValidationIssueDto(string Severity, string? ActivityId, string? Field, string Message);

/// <summary>Clone: the new definition's id and name; <c>version</c> picks the source (default: the draft, else the newest published).</summary>
public sealed record CloneDefinitionRequest(string? NewDefinitionId, string? Name = null, int? Version = null);

/// <summary>Instances of a definition that wait at (or faulted at) one activity.</summary>
public sealed record ActivityCount(string ActivityId, int Waiting, int Faulted);

/// <summary>Definitions: list, drafts, validation, publishing, versions and export. The draft's row version travels as the ETag.</summary>
public static class DefinitionEndpoints
{
    public static RouteGroupBuilder MapWorkflowDefinitions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflows");
        group.MapGet("/activity-descriptors", (ActivityRegistry registry) => TypedResults.Ok(registry.All.Select(a => a.Descriptor)))
            .WithName("GetActivityDescriptors").WithSummary("Every activity type with its inputs and outcomes, for the designer.");
        group.MapGet("/definitions", ListDefinitions).WithName("ListWorkflowDefinitions");
        group.MapPost("/definitions", CreateDraft).RequireAuthorization(Policies.EditWorkflows).WithName("CreateWorkflowDefinition").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/definitions/{definitionId}/versions", ListVersions).WithName("ListWorkflowVersions");
        group.MapGet("/definitions/{definitionId}/versions/{version:int}", GetVersion).WithName("GetWorkflowVersion");
        group.MapGet("/definitions/{definitionId}/draft", GetDraft).WithName("GetWorkflowDraft");
        group.MapPut("/definitions/{definitionId}/draft", SaveDraft).RequireAuthorization(Policies.EditWorkflows).WithName("SaveWorkflowDraft").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/definitions/{definitionId}/draft", DeleteDraft).RequireAuthorization(Policies.EditWorkflows).WithName("DeleteWorkflowDraft");
        group.MapPost("/definitions/{definitionId}/validate", Validate).WithName("ValidateWorkflow")
            .WithSummary("Validates the posted definition, or the stored draft when the body is empty.");
        group.MapPost("/definitions/{definitionId}/publish", Publish).RequireAuthorization(Policies.EditWorkflows).WithName("PublishWorkflow").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/definitions/{definitionId}/export", Export).WithName("ExportWorkflow");
        group.MapPost("/definitions/{definitionId}/versions/{version:int}/revert", Revert).RequireAuthorization(Policies.EditWorkflows).WithName("RevertWorkflowDraft").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Makes the draft a copy of the version's JSON; overwriting an existing draft needs If-Match.");
        group.MapPost("/definitions/{definitionId}/clone", Clone).RequireAuthorization(Policies.EditWorkflows).WithName("CloneWorkflow")
            .Body<CloneDefinitionRequest>().WithSummary("Copies the draft (or a version) into a new definition's draft.");
        group.MapGet("/definitions/{definitionId}/activity-counts", ActivityCounts).WithName("GetWorkflowActivityCounts")
            .WithSummary("For running, suspended and faulted instances: how many wait at each activity, and how many faulted there.");
        group.MapPost("/definitions/{definitionId}/dry-run", WorkflowDryRun.Run).WithName("DryRunWorkflow").Body<DryRunRequest>()
            .WithSummary("Simulates the flow for a virtual case with a virtual clock; nothing is stored.");
        return api;
    }

    private static async Task<Ok<List<DefinitionSummary>>> ListDefinitions(CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var versions = await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .Select(v => new { v.DefinitionId, v.Version, v.Name, v.Status })
            .ToListAsync(cancellationToken);
        var running = await db.Set<WorkflowInstance>().AsNoTracking().NotOver()
            .GroupBy(i => i.DefinitionId)
            .Select(g => new { DefinitionId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.DefinitionId, x => x.Count, cancellationToken);
        var summaries = versions.GroupBy(v => v.DefinitionId).Select(g =>
        {
            var latest = g.MaxBy(v => v.Version)!;
            return new DefinitionSummary(g.Key, latest.Name,
                g.Where(v => v.Status == DefinitionStatus.Published).Max(v => (int?)v.Version),
                g.Where(v => v.Status == DefinitionStatus.Draft).Max(v => (int?)v.Version),
                latest.Version, running.GetValueOrDefault(g.Key));
        }).OrderBy(s => s.DefinitionId).ToList();
        return TypedResults.Ok(summaries);
    }

    /// <summary>
    /// Creates (imports) a definition as a draft. An id that exists is a 409, unless <paramref name="replaceDraft"/> asks to
    /// import the file as that definition's draft, which then follows the draft's If-Match rule.
    /// </summary>
    private static async Task<Results<Created<VersionSummary>, Ok<VersionSummary>>> CreateDraft(HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, bool? replaceDraft,
        WorkflowDefinitionService definitions, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var json = await RequestBody.ReadTextAsync(request, cancellationToken);
        var document = ParseOrThrow(json);
        var exists = await db.Set<WorkflowDefinitionVersion>().AnyAsync(v => v.DefinitionId == document.DefinitionId, cancellationToken);
        if (exists && replaceDraft != true)
            throw new ConflictException(Bilingual.Text(
                $"标识为“{document.DefinitionId}”的流程已存在，请改为编辑它的草稿，或用 ?replaceDraft=true 导入。",
                $"A workflow with id '{document.DefinitionId}' already exists; edit its draft instead, or import with ?replaceDraft=true."));
        var draft = await definitions.SaveDraftAsync(json, exists ? RowVersionETags.IfMatch(ifMatch, "draft") : null, request.HttpContext.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        request.HttpContext.Response.Headers.ETag = RowVersionETags.ETag(draft.RowVersion);
        return exists
            ? TypedResults.Ok(ToSummary(draft))
            : TypedResults.Created($"/api/workflows/definitions/{draft.DefinitionId}/draft", ToSummary(draft));
    }

    /// <summary>The draft becomes a copy of a published version (created, or overwritten with If-Match as when saving).</summary>
    private static async Task<Ok<VersionSummary>> Revert(string definitionId, int version, HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, WorkflowDefinitionService definitions,
        CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var source = await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.DefinitionId == definitionId && v.Version == version, cancellationToken)
            ?? throw new NotFoundException("Workflow version", $"{definitionId} v{version}");
        if (source.Status == DefinitionStatus.Draft)
            throw new InvalidRequestException("version", Bilingual.Text(
                $"版本 {version} 就是草稿本身；恢复是把一个已发布的版本复制到草稿。",
                $"Version {version} is the draft itself; revert copies a published version into the draft."));
        var draft = await definitions.SaveDraftAsync(source.Json, RowVersionETags.IfMatch(ifMatch, "draft"), request.HttpContext.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        request.HttpContext.Response.Headers.ETag = RowVersionETags.ETag(draft.RowVersion);
        return TypedResults.Ok(ToSummary(draft));
    }

    private static async Task<Created<VersionSummary>> Clone(string definitionId, HttpRequest request, WorkflowDefinitionService definitions,
        CaseHubDbContext db, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CloneDefinitionRequest>(request, json.Value.SerializerOptions, cancellationToken);
        var newId = body.NewDefinitionId?.Trim();
        if (string.IsNullOrEmpty(newId))
            throw new InvalidRequestException("newDefinitionId", Bilingual.Text("请填写新流程的标识。", "Give the new definition's id."));
        var source = body.Version is { } version
            ? await db.Set<WorkflowDefinitionVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.DefinitionId == definitionId && v.Version == version, cancellationToken)
            : await definitions.FindDraftAsync(definitionId, cancellationToken) ?? await definitions.FindPublishedAsync(definitionId, null, cancellationToken);
        if (source is null)
            throw new NotFoundException(body.Version is null ? "Workflow" : $"Version {body.Version} of workflow", definitionId);
        if (await db.Set<WorkflowDefinitionVersion>().AnyAsync(v => v.DefinitionId == newId, cancellationToken))
            throw new ConflictException(Bilingual.Text($"标识为“{newId}”的流程已存在。", $"A workflow with id '{newId}' already exists."));

        var copy = WorkflowJson.Normalize(WorkflowJson.Parse(source.Json));
        copy["id"] = newId; // the draft's own version id is stamped when it is saved
        copy["definitionId"] = newId;
        copy["name"] = string.IsNullOrWhiteSpace(body.Name) ? $"{source.Name}（副本）" : body.Name.Trim();
        var draft = await definitions.SaveDraftAsync(copy.ToJsonString(), null, request.HttpContext.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        request.HttpContext.Response.Headers.ETag = RowVersionETags.ETag(draft.RowVersion);
        return TypedResults.Created($"/api/workflows/definitions/{draft.DefinitionId}/draft", ToSummary(draft));
    }

    /// <summary>
    /// One grouped query over the open wait rows (tasks, resume timers, event bookmarks) and unresolved incidents of the
    /// definition's live instances. An instance waiting twice at one activity (a callback's task and its timer) counts once.
    /// </summary>
    private static async Task<Ok<List<ActivityCount>>> ActivityCounts(string definitionId, int? version, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var instances = db.Set<WorkflowInstance>().AsNoTracking().NotOver()
            .Where(i => i.DefinitionId == definitionId && (version == null || i.DefinitionVersion == version));
        var waits = db.Set<HumanTask>().Where(t => t.Status == HumanTaskStatus.Open).Select(t => new { t.InstanceId, t.ActivityId, Faulted = false })
            .Concat(db.Set<WorkflowTimer>().Where(t => t.Kind == WorkflowTimers.ResumeKind && t.InstanceId != null && t.ActivityId != null)
                .Select(t => new { InstanceId = t.InstanceId!.Value, ActivityId = t.ActivityId!, Faulted = false }))
            .Concat(db.Set<WorkflowEventBookmark>().Select(b => new { b.InstanceId, b.ActivityId, Faulted = false }))
            .Concat(db.Set<WorkflowIncident>().Where(i => i.ResolvedAt == null).Select(i => new { i.InstanceId, i.ActivityId, Faulted = true }));
        var counts = await waits
            .Where(w => instances.Any(i => i.Id == w.InstanceId))
            .Distinct()
            .GroupBy(w => w.ActivityId)
            .Select(g => new ActivityCount(g.Key, g.Count(w => !w.Faulted), g.Count(w => w.Faulted)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(counts.OrderBy(c => c.ActivityId, StringComparer.Ordinal).ToList());
    }

    private static async Task<Results<Ok<List<VersionSummary>>, NotFound>> ListVersions(string definitionId, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var versions = await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .Where(v => v.DefinitionId == definitionId)
            .OrderByDescending(v => v.Version)
            .ToListAsync(cancellationToken);
        return versions.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(versions.Select(ToSummary).ToList());
    }

    private static async Task<IResult> GetVersion(string definitionId, int version, CaseHubDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var row = await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.DefinitionId == definitionId && v.Version == version, cancellationToken)
            ?? throw new NotFoundException("Workflow version", $"{definitionId} v{version}");
        response.Headers.ETag = RowVersionETags.ETag(row.RowVersion);
        return TypedResults.Text(row.Json, "application/json");
    }

    private static async Task<IResult> GetDraft(string definitionId, WorkflowDefinitionService definitions, HttpResponse response, CancellationToken cancellationToken)
    {
        var draft = await definitions.FindDraftAsync(definitionId, cancellationToken) ?? throw new NotFoundException("Draft of workflow", definitionId);
        response.Headers.ETag = RowVersionETags.ETag(draft.RowVersion);
        return TypedResults.Text(draft.Json, "application/json");
    }

    /// <summary>Saves the draft. Overwriting an existing draft needs <c>If-Match</c> with the ETag last read; a stale one gets 409.</summary>
    private static async Task<Ok<VersionSummary>> SaveDraft(string definitionId, HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, WorkflowDefinitionService definitions, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var json = await RequestBody.ReadTextAsync(request, cancellationToken);
        var document = ParseOrThrow(json);
        if (document.DefinitionId != definitionId)
            throw new InvalidRequestException("definitionId", Bilingual.Text(
                $"请求体中的 definitionId“{document.DefinitionId}”与地址中的“{definitionId}”不一致。",
                $"The body's definitionId '{document.DefinitionId}' does not match the URL's '{definitionId}'."));
        var draft = await definitions.SaveDraftAsync(json, RowVersionETags.IfMatch(ifMatch, "draft"), request.HttpContext.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        request.HttpContext.Response.Headers.ETag = RowVersionETags.ETag(draft.RowVersion);
        return TypedResults.Ok(ToSummary(draft));
    }

    private static async Task<NoContent> DeleteDraft(string definitionId, WorkflowDefinitionService definitions, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        await definitions.DeleteDraftAsync(definitionId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ValidationResult>> Validate(string definitionId, HttpRequest request, WorkflowDefinitionService definitions, WorkflowValidator validator, CancellationToken cancellationToken)
    {
        var json = await RequestBody.ReadTextAsync(request, cancellationToken, allowEmpty: true);
        if (json.Length == 0)
            json = (await definitions.FindDraftAsync(definitionId, cancellationToken) ?? throw new NotFoundException("Draft of workflow", definitionId)).Json;
        var issues = validator.Validate(ParseOrThrow(json));
        return TypedResults.Ok(new ValidationResult(
            !issues.Any(i => i.Severity == IssueSeverity.Error),
            issues.Select(i => new ValidationIssueDto(i.Severity.ToString(), i.ActivityId, i.Field, i.Message)).ToList()));
    }

    private static async Task<Ok<VersionSummary>> Publish(string definitionId, HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, WorkflowDefinitionService definitions, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var version = await definitions.PublishAsync(definitionId, RowVersionETags.IfMatch(ifMatch, "draft"), request.HttpContext.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToSummary(version));
    }

    private static async Task<IResult> Export(string definitionId, int? version, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .Where(v => v.DefinitionId == definitionId && (version == null ? v.Status == DefinitionStatus.Published : v.Version == version))
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Published workflow", definitionId);
        var text = WorkflowJson.Write(WorkflowJson.Parse(row.Json));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text), "application/json", $"{definitionId}.json");
    }

    private static VersionSummary ToSummary(WorkflowDefinitionVersion v) =>
        new(v.Id, v.DefinitionId, v.Version, v.Name, v.Status.ToString(), v.CreatedAt, v.PublishedAt, v.CreatedBy, v.RowVersion);

    /// <summary>The parsed definition, or a 400 naming the bad path, under <paramref name="field"/> when the JSON is part of a larger body.</summary>
    internal static WorkflowDocument ParseOrThrow(string json, string? field = null)
    {
        try
        {
            return WorkflowJson.Parse(json);
        }
        catch (WorkflowFormatException e)
        {
            throw new InvalidRequestException(field is null ? e.Path : e.Path == "$" ? field : $"{field}.{e.Path}", e.Message);
        }
    }
}
