using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Workflows.Runtime;

/// <summary>Claim, release, complete and reassign human tasks. The caller saves; a lost race surfaces as a concurrency conflict.</summary>
public sealed class HumanTaskService(DbContext db, WorkflowRuntime runtime, ActivityRegistry registry, IServiceProvider services, TimeProvider time)
{
    public async Task<HumanTask> FindAsync(Guid taskId, CancellationToken cancellationToken) =>
        await db.Set<HumanTask>().FindAsync([taskId], cancellationToken) ?? throw new NotFoundException("Task", taskId);

    public async Task<HumanTask> ClaimAsync(Guid taskId, string user, CancellationToken cancellationToken)
    {
        var task = await FindOpenAsync(taskId, cancellationToken);
        if (task.Assignee is not null && task.Assignee != user)
            throw new ConflictException(Bilingual.Text($"任务 {taskId} 已被 {task.Assignee} 认领。", $"Task {taskId} is already claimed by {task.Assignee}."));
        task.Assignee = user;
        task.ClaimedAt = time.GetUtcNow();
        return task;
    }

    public async Task<HumanTask> ReleaseAsync(Guid taskId, string user, CancellationToken cancellationToken)
    {
        var task = await FindOpenAsync(taskId, cancellationToken);
        if (task.Assignee is null)
            throw new InvalidStateException(Bilingual.Text($"任务 {taskId} 尚未被认领。", $"Task {taskId} is not claimed."));
        if (task.Assignee != user)
            throw new ConflictException(Bilingual.Text($"任务 {taskId} 由 {task.Assignee} 认领，只有认领人才能释放。", $"Task {taskId} is claimed by {task.Assignee}; only they can release it."));
        task.Assignee = null;
        task.ClaimedAt = null;
        return task;
    }

    /// <summary>Completes the task with one of its outcomes and resumes the workflow in the same unit of work.</summary>
    public async Task<HumanTask> CompleteAsync(Guid taskId, string outcome, JsonObject? formData, string user, CancellationToken cancellationToken)
    {
        var task = await FindOpenAsync(taskId, cancellationToken);
        if (task.Assignee is not null && task.Assignee != user)
            throw new ConflictException(Bilingual.Text($"任务 {taskId} 已由 {task.Assignee} 认领。", $"Task {taskId} is claimed by {task.Assignee}."));
        var allowed = JsonSerializer.Deserialize<string[]>(task.OutcomesJson) ?? [];
        if (!allowed.Contains(outcome, StringComparer.Ordinal))
            throw new InvalidRequestException("outcome", Bilingual.Text(
                $"“{outcome}”不是此任务的办理结果，请从以下结果中选择：{string.Join("、", allowed)}。",
                $"'{outcome}' is not an outcome of this task; choose one of: {string.Join(", ", allowed)}."));
        if (registry.Find(task.ActivityType) is { } activity)
            await activity.ValidateCompletionAsync(new TaskCompletion(task, outcome, formData, time.GetUtcNow()), services, cancellationToken);
        task.Status = HumanTaskStatus.Completed;
        task.Outcome = outcome;
        task.FormDataJson = formData?.ToJsonString();
        task.Assignee ??= user;
        task.CompletedAt = time.GetUtcNow();
        task.CompletedBy = user;
        await runtime.ResumeAsync(task.InstanceId, new ResumeSignal(WaitKind.Task, task.Id, outcome, formData?.DeepClone(), user), cancellationToken);
        return task;
    }

    public async Task<HumanTask> ReassignAsync(Guid taskId, string? candidateGroup, string? assignee, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(candidateGroup) && assignee is null)
            throw new InvalidRequestException("candidateGroup", Bilingual.Text("请指定新的办理队列或新的办理人，也可以两者都指定。", "Give a new candidate group, a new assignee, or both."));
        var task = await FindOpenAsync(taskId, cancellationToken);
        if (!string.IsNullOrWhiteSpace(candidateGroup))
            task.CandidateGroup = candidateGroup.Trim();
        if (assignee is not null)
        {
            task.Assignee = assignee.Length == 0 ? null : assignee;
            task.ClaimedAt = assignee.Length == 0 ? null : time.GetUtcNow();
        }
        return task;
    }

    private async Task<HumanTask> FindOpenAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var task = await FindAsync(taskId, cancellationToken);
        return task.Status == HumanTaskStatus.Open ? task : throw new InvalidStateException(Bilingual.Text($"任务 {taskId} 的状态为 {task.Status}。", $"Task {taskId} is {task.Status}."));
    }
}
