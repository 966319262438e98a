using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>延期: a department asks for a later deadline before its clock runs out; the command centre approves or rejects.</summary>
public sealed class ExtensionRequests(CaseHubDbContext db, CaseDeadlines deadlines, TimeProvider time)
{
    public async Task<ExtensionRequest> RequestAsync(Guid caseId, CaseStage stage, DateTimeOffset? requestedDueAt, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidRequestException("reason", Bilingual.Text("请填写延期理由。", "Give the reason for the extension."));
        if (reason.Length > 2000)
            throw new InvalidRequestException("reason", Bilingual.Text("最多 2000 字。", "At most 2,000 characters."));
        if (requestedDueAt is null)
            throw new InvalidRequestException("requestedDueAt", Bilingual.Text("请填写申请延至的时限。", "Give the deadline asked for."));
        var @case = await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken) ?? throw new NotFoundException("Case", caseId);
        var deadline = (await deadlines.OpenAsync(caseId, cancellationToken)).FirstOrDefault(d => d.Stage == stage)
            ?? throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 没有正在计时的{CardIssuer.StageName(stage)}时限，无法延期。",
                $"Case {@case.TrackingNumber} has no running {stage} deadline to extend."));
        var now = time.GetUtcNow();
        if (deadline.PausedAt is not null)
            throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 已挂起，恢复计时后时限会自动顺延。",
                $"Case {@case.TrackingNumber} is suspended; its deadlines move when it resumes."));
        if (now >= deadline.DueAt)
            throw new InvalidStateException(Bilingual.Text($"{CardIssuer.StageName(stage)}时限已于 {deadline.DueAt:O} 到期，延期须在到期前申请。",
                $"The {stage} deadline passed at {deadline.DueAt:O}; an extension must be asked for before it."));
        if (requestedDueAt <= deadline.DueAt)
            throw new InvalidRequestException("requestedDueAt", Bilingual.Text($"申请延至的时限须晚于当前时限 {deadline.DueAt:O}。",
                $"The new deadline must be later than the current one, {deadline.DueAt:O}."));
        if (await db.Set<ExtensionRequest>().AnyAsync(r => r.DeadlineId == deadline.Id && r.Status == ExtensionStatus.Pending, cancellationToken))
            throw new ConflictException(Bilingual.Text("该时限已有一条延期申请在等待审批。", "An extension of this deadline is already waiting for a decision."));
        var request = new ExtensionRequest
        {
            Id = Guid.CreateVersion7(now),
            CaseId = caseId,
            DeadlineId = deadline.Id,
            Reason = reason.Trim(),
            PreviousDueAt = deadline.DueAt,
            RequestedDueAt = requestedDueAt.Value.ToUniversalTime(),
            Status = ExtensionStatus.Pending,
            RequestedBy = actor,
            RequestedAt = now,
        };
        db.Add(request);
        var text = $"案件 {@case.TrackingNumber} 申请延期至 {request.RequestedDueAt:O}：{request.Reason}";
        CaseTimeline.Add(db, caseId, "extension.requested", text, actor, now);
        CaseTimeline.Notify(db, Recipients.DispatchCentre, caseId, "extension.requested", text, now);
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }

    /// <summary>Approval moves the deadline and reschedules its card timers, so no card of the old deadline can fire.</summary>
    public async Task<ExtensionRequest> DecideAsync(Guid requestId, bool approve, string? note, string actor, CancellationToken cancellationToken)
    {
        if (!approve && string.IsNullOrWhiteSpace(note))
            throw new InvalidRequestException("note", Bilingual.Text("请填写驳回延期的理由。", "Say why the extension is rejected."));
        if (note?.Length > 2000)
            throw new InvalidRequestException("note", Bilingual.Text("最多 2000 字。", "At most 2,000 characters."));
        var request = await db.Set<ExtensionRequest>().FindAsync([requestId], cancellationToken) ?? throw new NotFoundException("Extension request", requestId);
        if (request.Status != ExtensionStatus.Pending)
            throw new InvalidStateException(Bilingual.Text($"该延期申请已{(request.Status == ExtensionStatus.Approved ? "批准" : "驳回")}。",
                $"This extension request was already {request.Status.ToString().ToLowerInvariant()}."));
        var @case = await db.Set<Case>().FirstAsync(c => c.Id == request.CaseId, cancellationToken);
        var deadline = await db.Set<CaseDeadline>().FirstAsync(d => d.Id == request.DeadlineId, cancellationToken);
        var now = time.GetUtcNow();
        request.Status = approve ? ExtensionStatus.Approved : ExtensionStatus.Rejected;
        request.DecidedBy = actor;
        request.DecidedAt = now;
        request.DecisionNote = note?.Trim();
        if (approve)
        {
            if (!deadline.IsOpen)
                throw new InvalidStateException(Bilingual.Text("该申请所针对的时限已结束。", "The deadline this request was for has ended."));
            await deadlines.ExtendAsync(@case, deadline, request.RequestedDueAt, now, cancellationToken);
            await deadlines.SyncDueAsync(@case, deadline, cancellationToken);
        }
        var text = approve
            ? $"案件 {@case.TrackingNumber} 延期申请已批准，时限调整为 {request.RequestedDueAt:O}"
            : $"案件 {@case.TrackingNumber} 延期申请未批准：{request.DecisionNote}";
        CaseTimeline.Add(db, @case.Id, approve ? "extension.approved" : "extension.rejected", text, actor, now);
        if (deadline.DepartmentId is { } departmentId && await db.Set<Department>().FindAsync([departmentId], cancellationToken) is { } department)
            CaseTimeline.Notify(db, CaseWorkflow.DepartmentGroup(department.Code), @case.Id, "extension.decided", text, now);
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }
}
