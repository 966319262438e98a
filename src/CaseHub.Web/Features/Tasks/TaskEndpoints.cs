using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Access;
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
        var task = group.MapGroup("/{id:guid}").AddEndpointFilter(TaskInScope);
        group.MapGet("/", List).WithName("ListTasks").WithSummary("Tasks by candidate group and/or assignee, soonest due first.");
        task.MapGet("/", Get).WithName("GetTask");
        task.MapPost("/claim", Claim).WithName("ClaimTask");
        task.MapPost("/release", Release).WithName("ReleaseTask");
        task.MapPost("/complete", Complete).WithName("CompleteTask");
        task.MapPost("/reassign", Reassign).RequireAuthorization(Policies.Supervise).WithName("ReassignTask");
        return api;
    }

    /// <summary>404 unless the user works the task's group or holds the task.</summary>
    private static async ValueTask<object?> TaskInScope(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = Guid.Parse(http.Request.RouteValues["id"]!.ToString()!);
        var db = http.RequestServices.GetRequiredService<CaseHubDbContext>();
        var found = await db.Set<HumanTask>().AsNoTracking().Where(t => t.Id == id).Select(t => new { t.CandidateGroup, t.Assignee }).FirstOrDefaultAsync(http.RequestAborted);
        var access = await http.StaffAsync();
        if (found is not null && found.Assignee != access.UserName && !await access.WorksGroupAsync(db, found.CandidateGroup, http.RequestAborted))
            throw new NotFoundException("Task", id);
        return await next(context);
    }

    private static async Task<Ok<PagedResult<TaskDto>>> List(HttpContext http, CaseHubDbContext db, string? candidateGroup, string? assignee, HumanTaskStatus? status,
        int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var access = await http.StaffAsync();
        var query = db.Set<HumanTask>().AsNoTracking().Where(t => t.Status == (status ?? HumanTaskStatus.Open));
        if (!string.IsNullOrWhiteSpace(candidateGroup))
        {
            if (!await access.WorksGroupAsync(db, candidateGroup, cancellationToken))
                throw new ForbiddenException(Bilingual.Text($"您不负责“{candidateGroup}”的任务。", $"You do not work the tasks of '{candidateGroup}'."));
            query = query.Where(t => t.CandidateGroup == candidateGroup);
        }
        else if (!access.IsAdmin)
        {
            // Every group the user works: dispatch, their departments, and the centres of the units they cover.
            var groups = access.ExplicitGroups().ToList();
            foreach (var unit in access.Units)
            {
                var below = db.Set<OrgUnit>().AsNoTracking().Where(u => u.Path.StartsWith(unit.Path));
                if (access.HasAny(StaffRole.Dispatcher, StaffRole.Supervisor))
                    groups.AddRange(await below.Where(u => u.Level != OrgLevel.Grid && u.Level != OrgLevel.Community).Select(u => "centre:" + u.Code).ToListAsync(cancellationToken));
                if (access.Has(StaffRole.GridWorker))
                    groups.AddRange(await below.Where(u => u.Level == OrgLevel.Grid).Select(u => "grid:" + u.Code).ToListAsync(cancellationToken));
            }
            var me = access.UserName;
            query = query.Where(t => groups.Contains(t.CandidateGroup) || t.Assignee == me);
        }
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
            throw new InvalidRequestException("outcome", Bilingual.Text("请指定办理结果（outcome）。", "An outcome is required."));
        var task = await tasks.CompleteAsync(id, request.Outcome, request.FormData, http.User.Name(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(task));
    }

    private static async Task<Ok<TaskDto>> Reassign(Guid id, ReassignTaskRequest request, HumanTaskService tasks, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        if (request.CandidateGroup is { Length: > 100 })
            throw new InvalidRequestException("candidateGroup", Bilingual.Text("候选组不能超过 100 个字符。", "The candidate group must be at most 100 characters."));
        if (request.Assignee is { Length: > 100 })
            throw new InvalidRequestException("assignee", Bilingual.Text("处理人不能超过 100 个字符。", "The assignee must be at most 100 characters."));
        var task = await tasks.ReassignAsync(id, request.CandidateGroup, request.Assignee, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(task));
    }

    private static TaskDto ToDto(HumanTask t) => new(
        t.Id, t.InstanceId, t.ActivityId, t.ActivityType, t.Title, t.CandidateGroup, t.Assignee, t.Priority, t.DueAt, t.Status.ToString(),
        JsonSerializer.Deserialize<string[]>(t.OutcomesJson) ?? [], t.Outcome, t.FormDataJson is null ? null : JsonNode.Parse(t.FormDataJson),
        t.CorrelationId, t.CreatedAt, t.ClaimedAt, t.CompletedAt, t.CompletedBy, t.RowVersion);
}
