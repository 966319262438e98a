using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>What supervisors, the centre and departments do to a case's clocks: suspend and resume, record first contact, remind and escalate.</summary>
public sealed class CaseSupervision(CaseHubDbContext db, CaseDeadlines deadlines, Escalations escalations, TimeProvider time)
{
    public async Task<Case> LoadAsync(Guid caseId, CancellationToken cancellationToken) =>
        await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken) ?? throw new NotFoundException("Case", caseId);

    private static void RequireOpen(Case @case)
    {
        if (@case.Status is CaseStatus.Closed or CaseStatus.Merged or CaseStatus.Cancelled)
            throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 状态为“{CaseStatusNames.Zh(@case.Status)}”。", $"Case {@case.TrackingNumber} is {@case.Status}."));
    }

    private static string RequireText(string? text, string field, string whatZh, string what, int max = 2000)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidRequestException(field, Bilingual.Text($"请填写{whatZh}。", $"Give {what}."));
        if (text.Length > max)
            throw new InvalidRequestException(field, Bilingual.Text($"最多 {max} 字。", $"At most {max:N0} characters."));
        return text.Trim();
    }

    /// <summary>挂起: the clocks stop until the case is resumed, e.g. while waiting for the citizen.</summary>
    public async Task<Case> SuspendAsync(Guid caseId, string? reason, string actor, CancellationToken cancellationToken)
    {
        var text = RequireText(reason, "reason", "挂起理由", "the reason for suspending the case");
        var @case = await LoadAsync(caseId, cancellationToken);
        RequireOpen(@case);
        if (@case.SuspendedAt is not null)
            throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 已挂起。", $"Case {@case.TrackingNumber} is already suspended."));
        var now = time.GetUtcNow();
        await deadlines.PauseAsync(@case.Id, now, cancellationToken);
        @case.SuspendedAt = now;
        @case.UpdatedAt = now;
        CaseTimeline.Add(db, @case.Id, "suspended", $"挂起：{text}", actor, now);
        await db.SaveChangesAsync(cancellationToken);
        return @case;
    }

    /// <summary>Resumes a suspended case: each clock keeps the limit it had left, so its due time moves by the pause.</summary>
    public async Task<Case> ResumeAsync(Guid caseId, string actor, CancellationToken cancellationToken)
    {
        var @case = await LoadAsync(caseId, cancellationToken);
        if (@case.SuspendedAt is null)
            throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 未挂起。", $"Case {@case.TrackingNumber} is not suspended."));
        var now = time.GetUtcNow();
        foreach (var deadline in await deadlines.ResumeAsync(@case, now, cancellationToken))
            await deadlines.SyncDueAsync(@case, deadline, cancellationToken);
        @case.SuspendedAt = null;
        @case.UpdatedAt = now;
        CaseTimeline.Add(db, @case.Id, "resumed", "恢复办理，时限顺延", actor, now);
        await db.SaveChangesAsync(cancellationToken);
        return @case;
    }

    /// <summary>首次联系: the department has contacted the citizen.</summary>
    public async Task<Case> RecordContactAsync(Guid caseId, string? note, string actor, CancellationToken cancellationToken)
    {
        var text = RequireText(note, "note", "与诉求人商定的内容", "what was agreed with the citizen");
        var @case = await LoadAsync(caseId, cancellationToken);
        RequireOpen(@case);
        var now = time.GetUtcNow();
        await deadlines.MeetAsync(@case.Id, now, cancellationToken, CaseStage.FirstContact);
        CaseTimeline.Add(db, @case.Id, "contacted", $"已联系诉求人：{text}", actor, now);
        @case.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return @case;
    }

    /// <summary>催办: a light nudge to the handling department, on the timeline and in its notifications.</summary>
    public async Task<CaseEvent> RemindAsync(Guid caseId, string? text, string actor, CancellationToken cancellationToken)
    {
        var message = RequireText(text, "text", "催办内容", "the reminder");
        var @case = await LoadAsync(caseId, cancellationToken);
        RequireOpen(@case);
        var department = @case.DepartmentId is { } id ? await db.Set<Department>().FindAsync([id], cancellationToken) : null;
        var now = time.GetUtcNow();
        var entry = CaseTimeline.Add(db, @case.Id, "reminder", $"催办：{message}", actor, now);
        CaseTimeline.Notify(db, department is null ? Recipients.DispatchCentre : CaseWorkflow.DepartmentGroup(department.Code), @case.Id, "reminder",
            $"案件 {@case.TrackingNumber} 催办：{message}", now);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public async Task<Escalation> EscalateAsync(Guid caseId, string? note, string actor, CancellationToken cancellationToken)
    {
        var text = RequireText(note, "note", "提级理由", "the reason for escalating");
        var @case = await LoadAsync(caseId, cancellationToken);
        RequireOpen(@case);
        var escalation = await escalations.EscalateAsync(@case, EscalationReason.Manual, text, actor, time.GetUtcNow(), cancellationToken)
            ?? throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 已在最高一级指挥中心督办，无法再提级。",
                $"Case {@case.TrackingNumber} is already supervised by the top-level centre."));
        await db.SaveChangesAsync(cancellationToken);
        return escalation;
    }
}
