using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Timers;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>督办: a supervisor's order with a demand and a deadline. The department responds; an order left unanswered past its deadline escalates the case.</summary>
public sealed class SupervisionOrders(CaseHubDbContext db, TimeProvider time)
{
    public const string OverdueTimerKind = "case.order-overdue";

    public async Task<SupervisionOrder> IssueAsync(Guid caseId, string? demand, DateTimeOffset? dueAt, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(demand))
            throw new InvalidRequestException("demand", Bilingual.Text("请填写督办要求。", "State what the department must do."));
        if (demand.Length > 2000)
            throw new InvalidRequestException("demand", Bilingual.Text("最多 2000 字。", "At most 2,000 characters."));
        var now = time.GetUtcNow();
        if (dueAt is null)
            throw new InvalidRequestException("dueAt", Bilingual.Text("请填写承办单位的答复期限。", "Give the deadline for the department's response."));
        if (dueAt <= now)
            throw new InvalidRequestException("dueAt", Bilingual.Text("答复期限须晚于当前时间。", "The deadline must be in the future."));
        var @case = await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken) ?? throw new NotFoundException("Case", caseId);
        if (@case.Status is CaseStatus.Closed or CaseStatus.Merged or CaseStatus.Cancelled)
            throw new InvalidStateException(Bilingual.Text($"案件 {@case.TrackingNumber} 状态为“{CaseStatusNames.Zh(@case.Status)}”。", $"Case {@case.TrackingNumber} is {@case.Status}."));
        var order = new SupervisionOrder
        {
            Id = Guid.CreateVersion7(now),
            CaseId = caseId,
            DepartmentId = @case.DepartmentId,
            Demand = demand.Trim(),
            DueAt = dueAt.Value.ToUniversalTime(),
            IssuedBy = actor,
            IssuedAt = now,
        };
        db.Add(order);
        db.Add(new WorkflowTimer { Id = Guid.CreateVersion7(now), Kind = OverdueTimerKind, DueAt = order.DueAt, SubjectId = order.Id, CreatedAt = now });
        var text = $"案件 {@case.TrackingNumber} 督办：{order.Demand}（{order.DueAt:O} 前反馈）";
        CaseTimeline.Add(db, caseId, "order", text, actor, now);
        var department = @case.DepartmentId is { } id ? await db.Set<Department>().FindAsync([id], cancellationToken) : null;
        CaseTimeline.Notify(db, department is null ? Recipients.DispatchCentre : CaseWorkflow.DepartmentGroup(department.Code), caseId, "order", text, now);
        await db.SaveChangesAsync(cancellationToken);
        return order;
    }

    public async Task<SupervisionOrder> RespondAsync(Guid orderId, string? response, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(response))
            throw new InvalidRequestException("response", Bilingual.Text("请填写答复内容。", "Give the department's response."));
        if (response.Length > 4000)
            throw new InvalidRequestException("response", Bilingual.Text("最多 4000 字。", "At most 4,000 characters."));
        var order = await db.Set<SupervisionOrder>().FindAsync([orderId], cancellationToken) ?? throw new NotFoundException("Supervision order", orderId);
        if (order.Status == OrderStatus.Responded)
            throw new InvalidStateException(Bilingual.Text("该督办单已答复。", "This supervision order was already responded to."));
        var now = time.GetUtcNow();
        order.Status = OrderStatus.Responded;
        order.Response = response.Trim();
        order.RespondedBy = actor;
        order.RespondedAt = now;
        foreach (var timer in await db.Set<WorkflowTimer>().Where(t => t.SubjectId == order.Id && t.Kind == OverdueTimerKind).ToListAsync(cancellationToken))
            db.Remove(timer);
        CaseTimeline.Add(db, order.CaseId, "order.responded", $"督办反馈：{order.Response}", actor, now);
        await db.SaveChangesAsync(cancellationToken);
        return order;
    }
}

/// <summary>Escalates the case of an order still unanswered at its deadline.</summary>
public sealed class OrderOverdueTimerHandler(CaseHubDbContext db, Escalations escalations, TimeProvider time) : ITimerHandler
{
    public string Kind => SupervisionOrders.OverdueTimerKind;

    public async Task FireAsync(WorkflowTimer timer, CancellationToken cancellationToken)
    {
        if (timer.SubjectId is not { } orderId || await db.Set<SupervisionOrder>().FindAsync([orderId], cancellationToken) is not { } order)
            return;
        if (order.Status != OrderStatus.Open || order.EscalatedAt is not null)
            return;
        var now = time.GetUtcNow();
        order.EscalatedAt = now;
        var @case = await db.Set<Case>().FirstAsync(c => c.Id == order.CaseId, cancellationToken);
        await escalations.EscalateAsync(@case, EscalationReason.OverdueOrder, $"督办“{order.Demand}”逾期未反馈", "system:supervision", now, cancellationToken);
    }
}
