using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Tasks;

public sealed record CompleteTaskRequest(string? Outcome, JsonObject? FormData);

public sealed record ReassignTaskRequest(string? CandidateGroup, string? Assignee);

public sealed record TaskDto(
    Guid Id, Guid InstanceId, string ActivityId, string ActivityType, string Title, string CandidateGroup, string? Assignee,
    int Priority, DateTimeOffset? DueAt, string Status, IReadOnlyList<string> Outcomes, string? Outcome, JsonNode? FormData,
    string? CorrelationId, DateTimeOffset CreatedAt, DateTimeOffset? ClaimedAt, DateTimeOffset? CompletedAt, string? CompletedBy, long RowVersion);

/// <summary>Human tasks: the queue of a group or a person, claim, release, complete with an outcome, and reassign.</summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tasks").WithTags("Tasks");
        group.MapGet("/", List).WithName("ListTasks").WithSummary("Tasks by candidate group and/or assignee, soonest due first.");
        group.MapGet("/{id:guid}", Get).WithName("GetTask");
        group.MapPost("/{id:guid}/claim", Claim).WithName("ClaimTask");
        group.MapPost("/{id:guid}/release", Release).WithName("ReleaseTask");
        group.MapPost("/{id:guid}/complete", Complete).WithName("CompleteTask");
        group.MapPost("/{id:guid}/reassign", Reassign).WithName("ReassignTask");
        return api;
    }

    private static async Task<Ok<PagedResult<TaskDto>>> List(CaseHubDbContext db, string? candidateGroup, string? assignee, HumanTaskStatus? status,
        int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.Set<HumanTask>().AsNoTracking().Where(t => t.Status == (status ?? HumanTaskStatus.Open));
        if (!string.IsNullOrWhiteSpace(candidateGroup))
            query = query.Where(t => t.CandidateGroup == candidateGroup);
        if (!string.IsNullOrWhiteSpace(assignee))
            query = query.Where(t => t.Assignee == assignee);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.Priority).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<TaskDto>(rows.Select(ToDto).ToList(), total, page, pageSize));
    }

    private static async Task<Ok<TaskDto>> Get(Guid id, HumanTaskService tasks, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await tasks.FindAsync(id, cancellationToken)));

    private static async Task<Ok<TaskDto>> Claim(Guid id, HumanTaskService tasks, CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var task = await tasks.ClaimAsync(id, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(task));
    }

    private static async Task<Ok<TaskDto>> Release(Guid id, HumanTaskService tasks, CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var task = await tasks.ReleaseAsync(id, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(task));
    }

    private static async Task<Ok<TaskDto>> Complete(Guid id, CompleteTaskRequest request, HumanTaskService tasks, CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Outcome))
            throw new InvalidRequestException("outcome", "An outcome is required.");
        var task = await tasks.CompleteAsync(id, request.Outcome, request.FormData, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(task));
    }

    private static async Task<Ok<TaskDto>> Reassign(Guid id, ReassignTaskRequest request, HumanTaskService tasks, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        if (request.CandidateGroup is { Length: > 100 })
            throw new InvalidRequestException("candidateGroup", "The candidate group must be at most 100 characters.");
        if (request.Assignee is { Length: > 100 })
            throw new InvalidRequestException("assignee", "The assignee must be at most 100 characters.");
        var task = await tasks.ReassignAsync(id, request.CandidateGroup, request.Assignee, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(task));
    }

    private static TaskDto ToDto(HumanTask t) => new(
        t.Id, t.InstanceId, t.ActivityId, t.ActivityType, t.Title, t.CandidateGroup, t.Assignee, t.Priority, t.DueAt, t.Status.ToString(),
        JsonSerializer.Deserialize<string[]>(t.OutcomesJson) ?? [], t.Outcome, t.FormDataJson is null ? null : JsonNode.Parse(t.FormDataJson),
        t.CorrelationId, t.CreatedAt, t.ClaimedAt, t.CompletedAt, t.CompletedBy, t.RowVersion);
}
