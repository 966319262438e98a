using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Handling;

/// <summary>签收: the department confirms it has received the case. The handler takes the department's task, and the response clock stops.</summary>
public sealed class CaseAcceptance(CaseHubDbContext db, HumanTaskService tasks, CaseDeadlines deadlines, TimeProvider time)
{
    public async Task<Case> AcceptAsync(Guid caseId, string user, CancellationToken cancellationToken)
    {
        var @case = await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken) ?? throw new NotFoundException("Case", caseId);
        if (@case.Status != CaseStatus.Dispatched)
            throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 状态为“{CaseStatusNames.Zh(@case.Status)}”，只有已派单的案件才能签收。",
                $"Case {@case.TrackingNumber} is {@case.Status}; only a dispatched case can be accepted."));
        var task = await db.Set<HumanTask>()
            .Where(t => t.InstanceId == @case.WorkflowInstanceId && t.ActivityType == "CaseHub.Handle" && t.Status == HumanTaskStatus.Open)
            .Select(t => (Guid?)t.Id)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 没有待签收的办理任务。", $"Case {@case.TrackingNumber} has no open handling task to accept."));
        await tasks.ClaimAsync(task, user, cancellationToken);
        var now = time.GetUtcNow();
        @case.Status = CaseStatus.Accepted;
        @case.AcceptedAt = now;
        await deadlines.MeetAsync(@case.Id, now, cancellationToken, CaseStage.Accept);
        @case.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return @case;
    }
}
