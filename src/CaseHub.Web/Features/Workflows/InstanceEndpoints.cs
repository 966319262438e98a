using CaseHub.Web.Features.Access;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Workflows;

public sealed record StartInstanceRequest(string? DefinitionId, int? Version, JsonObject? Input, string? CorrelationId);

public sealed record PublishEventRequest(string? CorrelationId, JsonNode? Payload);

public sealed record InstanceDto(
    Guid Id, string DefinitionId, int DefinitionVersion, string Status, string? CorrelationId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<WaitPointDto> Waiting, JsonNode? Variables, JsonNode? Input, int OpenIncidents, InstanceCaseDto? Case);

/// <summary>The case an instance runs for: the one its correlation id names, as case activities find it.</summary>
public sealed record InstanceCaseDto(Guid Id, string TrackingNumber);

public sealed record WaitPointDto(string ActivityId, string Kind, Guid BookmarkId);

public sealed record JournalEntryDto(int Sequence, string ActivityId, string ActivityType, string Event, string? Outcome, string? Message, string? Actor, DateTimeOffset StartedAt, DateTimeOffset EndedAt);

public sealed record IncidentDto(Guid Id, string ActivityId, string ActivityType, string Message, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? ResolvedBy);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>Instances: start, inspect, journal, incidents with retry, cancel, and named events.</summary>
public static class InstanceEndpoints
{
    public static RouteGroupBuilder MapWorkflowInstances(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflow instances");
        group.MapPost("/instances", Start).RequireAuthorization(Policies.EditWorkflows).WithName("StartWorkflowInstance");
        group.MapGet("/instances", List).RequireAuthorization(Policies.ReadInstances).WithName("ListWorkflowInstances");
        group.MapGet("/instances/{id:guid}", Get).RequireAuthorization(Policies.ReadInstances).WithName("GetWorkflowInstance");
        group.MapGet("/instances/{id:guid}/journal", Journal).RequireAuthorization(Policies.ReadInstances).WithName("GetWorkflowJournal");
        group.MapGet("/instances/{id:guid}/incidents", Incidents).RequireAuthorization(Policies.ReadInstances).WithName("GetWorkflowIncidents");
        group.MapPost("/instances/{id:guid}/incidents/{incidentId:guid}/retry", Retry).RequireAuthorization(Policies.EditWorkflows).WithName("RetryWorkflowIncident");
        group.MapPost("/instances/{id:guid}/cancel", Cancel).RequireAuthorization(Policies.EditWorkflows).WithName("CancelWorkflowInstance");
        group.MapPost("/events/{eventName}", PublishEvent).RequireAuthorization(Policies.EditWorkflows).WithName("PublishWorkflowEvent")
            .WithSummary("Resumes every instance waiting for the event (and the correlation id, when the wait names one).");
        return api;
    }

    private static async Task<Created<InstanceDto>> Start(StartInstanceRequest request, WorkflowRuntime runtime, WorkflowDefinitionService definitions,
        CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.DefinitionId))
            throw new InvalidRequestException("definitionId", Bilingual.Text("definitionId 为必填项。", "definitionId is required."));
        if (request.CorrelationId is { Length: > 200 })
            throw new InvalidRequestException("correlationId", Bilingual.Text("correlationId 最多 200 个字符。", "correlationId must be at most 200 characters."));
        var version = await definitions.FindPublishedAsync(request.DefinitionId, request.Version, cancellationToken)
            ?? throw new NotFoundException(request.Version is null ? "Published workflow" : $"Published version {request.Version} of workflow", request.DefinitionId);
        var instance = await runtime.StartAsync(version, request.Input, request.CorrelationId, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/workflows/instances/{instance.Id}", await ToDtoAsync(db, instance, cancellationToken));
    }

    /// <param name="active">Only instances not yet over (running, suspended or faulted), as the definition list counts them.</param>
    private static async Task<Ok<PagedResult<InstanceDto>>> List(CaseHubDbContext db, string? definitionId, WorkflowStatus? status, string? correlationId,
        bool? active, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.Set<WorkflowInstance>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(definitionId))
            query = query.Where(i => i.DefinitionId == definitionId);
        if (status is not null)
            query = query.Where(i => i.Status == status);
        if (!string.IsNullOrWhiteSpace(correlationId))
            query = query.Where(i => i.CorrelationId == correlationId);
        if (active == true)
            query = query.NotOver();
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        // One query each for the page's open incidents and cases, not one per row.
        var ids = rows.Select(i => i.Id).ToList();
        var open = await db.Set<WorkflowIncident>().AsNoTracking()
            .Where(i => ids.Contains(i.InstanceId) && i.ResolvedAt == null)
            .GroupBy(i => i.InstanceId)
            .Select(g => new { InstanceId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.InstanceId, x => x.Count, cancellationToken);
        var cases = await CasesOfAsync(db, rows, cancellationToken);
        var items = rows.Select(i => ToDto(i, open.GetValueOrDefault(i.Id), cases)).ToList();
        return TypedResults.Ok(new PagedResult<InstanceDto>(items, total, page, pageSize));
    }

    private static async Task<Ok<InstanceDto>> Get(Guid id, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("Workflow instance", id);
        return TypedResults.Ok(await ToDtoAsync(db, instance, cancellationToken));
    }

    private static async Task<Ok<List<JournalEntryDto>>> Journal(Guid id, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        await EnsureExistsAsync(db, id, cancellationToken);
        var entries = await db.Set<WorkflowJournalEntry>().AsNoTracking()
            .Where(j => j.InstanceId == id)
            .OrderBy(j => j.Sequence)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.Select(j => new JournalEntryDto(j.Sequence, j.ActivityId, j.ActivityType, j.Event.ToString(), j.Outcome, j.Message, j.Actor, j.StartedAt, j.EndedAt)).ToList());
    }

    private static async Task<Ok<List<IncidentDto>>> Incidents(Guid id, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        await EnsureExistsAsync(db, id, cancellationToken);
        var incidents = await db.Set<WorkflowIncident>().AsNoTracking()
            .Where(i => i.InstanceId == id)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(incidents.Select(i => new IncidentDto(i.Id, i.ActivityId, i.ActivityType, i.Message, i.CreatedAt, i.ResolvedAt, i.ResolvedBy)).ToList());
    }

    private static async Task<Ok<InstanceDto>> Retry(Guid id, Guid incidentId, WorkflowRuntime runtime, CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var instance = await runtime.RetryAsync(id, incidentId, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToDtoAsync(db, instance, cancellationToken));
    }

    private static async Task<Ok<InstanceDto>> Cancel(Guid id, WorkflowRuntime runtime, CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var instance = await runtime.CancelAsync(id, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToDtoAsync(db, instance, cancellationToken));
    }

    private static async Task<Ok<JsonObject>> PublishEvent(string eventName, PublishEventRequest? request, WorkflowRuntime runtime, CaseHubDbContext db,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (eventName.Length > 200)
            throw new InvalidRequestException("eventName", Bilingual.Text("事件名最多 200 个字符。", "The event name must be at most 200 characters."));
        var resumed = await runtime.PublishEventAsync(eventName, request?.CorrelationId, request?.Payload, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new JsonObject { ["resumed"] = resumed });
    }

    private static async Task EnsureExistsAsync(CaseHubDbContext db, Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Set<WorkflowInstance>().AnyAsync(i => i.Id == id, cancellationToken))
            throw new NotFoundException("Workflow instance", id);
    }

    private static async Task<InstanceDto> ToDtoAsync(CaseHubDbContext db, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var open = await db.Set<WorkflowIncident>().CountAsync(i => i.InstanceId == instance.Id && i.ResolvedAt == null, cancellationToken);
        return ToDto(instance, open, await CasesOfAsync(db, [instance], cancellationToken));
    }

    /// <summary>The cases the instances' correlation ids name; instances started for other things have none.</summary>
    private static async Task<Dictionary<Guid, InstanceCaseDto>> CasesOfAsync(CaseHubDbContext db, IEnumerable<WorkflowInstance> instances, CancellationToken cancellationToken)
    {
        var caseIds = instances.Select(i => Guid.TryParse(i.CorrelationId, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        if (caseIds.Count == 0)
            return [];
        return await db.Set<Case>().AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new InstanceCaseDto(c.Id, c.TrackingNumber), cancellationToken);
    }

    private static InstanceDto ToDto(WorkflowInstance i, int openIncidents, IReadOnlyDictionary<Guid, InstanceCaseDto> cases)
    {
        var waiting = i.WaitingPoints().Select(w => new WaitPointDto(w.ActivityId, w.Kind.ToString(), w.BookmarkId)).ToList();
        var @case = Guid.TryParse(i.CorrelationId, out var caseId) ? cases.GetValueOrDefault(caseId) : null;
        return new InstanceDto(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status.ToString(), i.CorrelationId, i.CreatedAt, i.UpdatedAt, i.FinishedAt,
            waiting, JsonNode.Parse(i.VariablesJson), JsonNode.Parse(i.InputJson), openIncidents, @case);
    }
}
