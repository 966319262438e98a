using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Workflows;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Dispatch;

/// <summary>智派单: dispatches the case by the responsibility rules, or says it could not.</summary>
public sealed class AutoDispatchActivity : Activity
{
    public const string Dispatched = "Dispatched";
    public const string Unmatched = "Unmatched";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.AutoDispatch", Categories.Cases, new("自动派单", "Auto-dispatch"),
        new("按事项和属地的确权规则派给承办单位；找不到规则走“未匹配”。", "Dispatches to the department the item × jurisdiction rules name; Unmatched when none applies."),
        [],
        [new(Dispatched, new("已派单", "Dispatched")), new(Unmatched, new("未匹配", "Unmatched"))],
        Icon: "share-alt");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var rules = context.Services.GetRequiredService<DispatchRules>();
        var department = @case.ItemId is { } itemId ? await rules.ResolveAsync(itemId, @case.GridId ?? @case.JurisdictionId, default) : null;
        @case.UpdatedAt = context.Now;
        if (department is null)
        {
            @case.Status = CaseStatus.PendingDispatch;
            return ActivityResult.Done(Unmatched);
        }
        @case.DepartmentId = department.Id;
        @case.Status = CaseStatus.Dispatched;
        @case.DispatchedAt = context.Now;
        @case.AcceptedAt = null;
        CaseMetrics.Record(context.Db, CaseMetric.Dispatched, @case, context.Now);
        await context.DispatchedAsync(@case);
        context.SetOutput(new JsonObject { ["departmentCode"] = department.Code, ["departmentName"] = department.Name });
        return ActivityResult.Done(Dispatched);
    }
}

/// <summary>人工派单: a task for the dispatch centre, completed with the department (and, if need be, the item) chosen.</summary>
public sealed class ManualDispatchActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.ManualDispatch", Categories.Cases, new("人工派单", "Manual dispatch"),
        new("指挥中心选择承办单位（必要时重新定性）后派出。", "The dispatch centre chooses the department (and, if need be, the item) and dispatches."),
        [
            new InputDescriptor("queue", "String", UIHints.SingleLine, new("派单队列", "Queue"), DefaultValue: "dispatch"),
            new InputDescriptor("toSupervisingCentre", "Boolean", UIHints.Checkbox, new("交属地上级指挥中心", "To the supervising centre"),
                Description: new("勾选后任务交给属地上一级指挥中心（如争议会商），队列为 centre:{编码}", "The task goes to the centre above the case's jurisdiction (e.g. for arbitration), queue centre:{code}")),
            new InputDescriptor("dueIn", "TimeSpan", UIHints.Duration, new("派单时限", "Due in")),
        ],
        [new(AutoDispatchActivity.Dispatched, new("已派单", "Dispatched"))],
        Icon: "solution");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        @case.Status = CaseStatus.PendingDispatch;
        @case.UpdatedAt = context.Now;
        var clock = await context.StartDispatchClockAsync(@case, context.GetDuration("dueIn"));
        var queue = context.GetBool("toSupervisingCentre")
            && await context.Services.GetRequiredService<Escalations>().SupervisingCentreAsync(@case, default) is { } centre
            ? Recipients.Centre(centre.Code)
            : context.GetString("queue") ?? "dispatch";
        context.CreateTask($"派单 {@case.TrackingNumber} {@case.Title}", queue, [AutoDispatchActivity.Dispatched],
            priority: @case.Grade == CaseGrade.A ? 3 : 1, dueAt: clock.DueAt);
        return ActivityResult.Wait();
    }

    public override async ValueTask ValidateCompletionAsync(HumanTask task, string outcome, JsonObject? formData, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DbContext>();
        var code = (string?)formData?["departmentCode"];
        if (string.IsNullOrWhiteSpace(code))
            throw new InvalidRequestException("formData.departmentCode", Bilingual.Text("请选择派往的承办单位。", "Choose the department to dispatch to."));
        if (!await db.Set<Department>().AnyAsync(d => d.Code == code && d.IsActive, cancellationToken))
            throw new InvalidRequestException("formData.departmentCode", Bilingual.Text($"没有启用中的承办单位“{code}”。", $"There is no active department '{code}'."));
        if ((string?)formData?["itemCode"] is { Length: > 0 } itemCode && !await db.Set<Item>().AnyAsync(i => i.Code == itemCode, cancellationToken))
            throw new InvalidRequestException("formData.itemCode", Bilingual.Text($"事项清单中没有事项“{itemCode}”。", $"There is no item '{itemCode}'."));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        var @case = await context.CaseOfAsync();
        var form = signal.Payload as JsonObject;
        var code = (string?)form?["departmentCode"];
        var department = await context.Db.Set<Department>().FirstAsync(d => d.Code == code);
        if ((string?)form?["itemCode"] is { Length: > 0 } itemCode)
        {
            var item = await context.Db.Set<Item>().FirstAsync(i => i.Code == itemCode);
            if (@case.ItemId != item.Id)
            {
                // The dispatcher's choice teaches the classifier, in the same transaction as the dispatch.
                context.Db.Add(new ClassificationFeedback
                {
                    Id = Guid.CreateVersion7(context.Now), ItemId = item.Id, Text = $"{@case.Title} {@case.Description}",
                    ConfirmedBy = signal.Actor ?? "dispatcher", ConfirmedAt = context.Now,
                });
                context.Services.GetRequiredService<ItemClassifier>().Invalidate();
            }
            @case.ItemId = item.Id;
        }
        @case.DepartmentId = department.Id;
        @case.Status = CaseStatus.Dispatched;
        @case.DispatchedAt = context.Now;
        @case.AcceptedAt = null;
        @case.UpdatedAt = context.Now;
        CaseMetrics.Record(context.Db, CaseMetric.Dispatched, @case, context.Now);
        await context.DispatchedAsync(@case);
        context.SetOutput(new JsonObject { ["departmentCode"] = department.Code, ["reason"] = (string?)form?["reason"], ["by"] = signal.Actor });
        return ActivityResult.Done(AutoDispatchActivity.Dispatched);
    }
}
