using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Reply;
using CaseHub.Workflows;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Duplicates;

/// <summary>
/// 合并: links a duplicate to the case it repeats and ends the duplicate's workflow. The reply to the
/// parent's complainant also goes to the merged cases' complainants (see <see cref="Case.DuplicateOfId"/>): by
/// <see cref="ReplyActivity"/> when the parent replies later, or here when the parent has already replied.
/// </summary>
public sealed class CaseMerge(CaseHubDbContext db, WorkflowRuntime runtime, Supervision.CaseDeadlines deadlines, ReplyOutbox outbox, TimeProvider time)
{
    private static readonly CaseStatus[] Ended = [CaseStatus.Closed, CaseStatus.Merged, CaseStatus.Cancelled];

    public async Task<Case> MergeAsync(Guid childId, string parentKey, string actor, CancellationToken cancellationToken)
    {
        var child = await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == childId, cancellationToken) ?? throw new NotFoundException("Case", childId);
        var parent = (Guid.TryParse(parentKey, out var parentId)
            ? await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == parentId, cancellationToken)
            : await db.Set<Case>().FirstOrDefaultAsync(c => c.TrackingNumber == parentKey, cancellationToken))
            ?? throw new InvalidRequestException("parent", Bilingual.Text($"未找到要合并到的案件“{parentKey}”。", $"There is no case '{parentKey}' to merge into."));
        if (parent.Id == child.Id)
            throw new InvalidRequestException("parent", Bilingual.Text("案件不能合并到自身。", "A case cannot be merged into itself."));
        if (Ended.Contains(child.Status))
            throw new InvalidStateException(Bilingual.Text($"案件 {child.TrackingNumber} 状态为“{CaseStatusNames.Zh(child.Status)}”，不能再合并。",
                $"Case {child.TrackingNumber} is {child.Status} and can no longer be merged."));
        if (Ended.Contains(parent.Status))
            throw new InvalidStateException(Bilingual.Text($"案件 {parent.TrackingNumber} 状态为“{CaseStatusNames.Zh(parent.Status)}”，请合并到尚未结束的案件。",
                $"Case {parent.TrackingNumber} is {parent.Status}; merge into an open case."));

        var now = time.GetUtcNow();
        child.DuplicateOfId = parent.Id;
        child.ProbableDuplicateOfId = null;
        child.Status = CaseStatus.Merged;
        child.ClosedAt = now;
        child.UpdatedAt = now;
        await deadlines.CloseAsync(child.Id, now, met: false, [], cancellationToken);
        if (child.WorkflowInstanceId is { } instanceId)
        {
            try
            {
                await runtime.CancelAsync(instanceId, actor, cancellationToken);
            }
            catch (InvalidStateException)
            {
                // Its workflow had already ended; the merge stands.
            }
        }
        if (parent.ReplyText is { } reply)
            outbox.Enqueue(db, child, reply, now);
        await db.SaveChangesAsync(cancellationToken);
        return child;
    }
}
