using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Dispatch;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Workflows;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Handling;

/// <summary>承办: the department's task. Completed with the result, or returned (退单) with the reason.</summary>
public sealed class HandleActivity : Activity
{
    public const string Completed = "Completed";
    public const string Returned = "Returned";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.Handle", Categories.Cases, new("承办", "Handle"),
        new("承办单位签收并办理：办结时填写办理结果，非本单位职责可退单并说明理由。", "The department accepts and handles the case: completes it with the result, or returns it with a reason."),
        [
            new InputDescriptor("dueIn", "TimeSpan", UIHints.Duration, new("办理时限", "Due in"),
                Description: new("不填则按事项时限", "The item's time limit when left empty")),
        ],
        [new(Completed, new("已办结", "Completed")), new(Returned, new("退单", "Returned"))],
        Icon: "team");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var department = @case.DepartmentId is { } id ? await context.Services.GetRequiredService<DispatchRules>().DepartmentAsync(id, context.Db, default) : null;
        if (department is null)
            throw new InvalidOperationException($"Case {@case.TrackingNumber} has no department to handle it; dispatch it first.");
        var completion = await context.StartHandlingClocksAsync(@case, department.Id, context.GetDuration("dueIn"));
        context.CreateTask($"办理 {@case.TrackingNumber} {@case.Title}", CaseWorkflow.DepartmentGroup(department.Code), [Completed, Returned],
            priority: @case.Grade == Items.CaseGrade.A ? 3 : 1, dueAt: completion.DueAt);
        return ActivityResult.Wait();
    }

    public override async ValueTask ValidateCompletionAsync(TaskCompletion completion, IServiceProvider services, CancellationToken cancellationToken)
    {
        var (task, outcome, formData) = (completion.Task, completion.Outcome, completion.FormData);
        var (field, labelZh, label) = outcome == Returned ? ("reason", "退单理由", "the reason for returning it") : ("result", "办理结果", "the result of handling it");
        var text = (string?)formData?[field];
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidRequestException($"formData.{field}", Bilingual.Text($"请填写{labelZh}。", $"Give {label}."));
        if (text.Length > 4000)
            throw new InvalidRequestException($"formData.{field}", Bilingual.Text("最多 4000 字。", "At most 4,000 characters."));
        if (outcome == Returned
            && await services.GetRequiredService<CaseHub.Cases.Data.CaseHubDbContext>().Set<Case>().FirstOrDefaultAsync(c => c.WorkflowInstanceId == task.InstanceId, cancellationToken) is { } @case
            && !await CaseClocks.MayStillReturnAsync(services, @case, completion.At, cancellationToken))
        {
            var days = services.GetRequiredService<SupervisionOptions>().ReturnWithinWorkingDays;
            throw new InvalidStateException(Bilingual.Text(
                $"案件 {@case.TrackingNumber} 已不能退单：退单须在派单后 {days} 个工作日内提出。请办理该案件，或申请延期。",
                $"Case {@case.TrackingNumber} can no longer be returned: returns are allowed within {days} working days of dispatch. Handle it, or ask for an extension."));
        }
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        var @case = await context.CaseOfAsync();
        var form = signal.Payload as JsonObject;
        @case.UpdatedAt = context.Now;
        if (signal.Outcome == Returned)
        {
            await context.ReturnedAsync(@case);
            @case.ReturnCount++;
            CaseMetrics.Record(context.Db, CaseMetric.Returned, @case, context.Now); // before the department is cleared
            @case.DepartmentId = null;
            @case.Status = CaseStatus.PendingDispatch;
            context.SetOutput(new JsonObject { ["reason"] = (string?)form?["reason"], ["by"] = signal.Actor, ["returnCount"] = @case.ReturnCount });
            return ActivityResult.Done(Returned);
        }
        await context.HandledAsync(@case);
        @case.AcceptedAt ??= context.Now; // completing without 签收 accepts the case, as its accept clock already counts it
        @case.Status = CaseStatus.Completed;
        CaseMetrics.Record(context.Db, CaseMetric.Completed, @case, context.Now);
        context.SetOutput(new JsonObject { ["result"] = (string?)form?["result"], ["by"] = signal.Actor });
        return ActivityResult.Done(Completed);
    }
}

/// <summary>审核: the centre checks the result before the case closes, or sends it back to the department.</summary>
public sealed class ReviewActivity : Activity
{
    public const string Approved = "Approved";
    public const string SentBack = "SentBack";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.Review", Categories.Cases, new("审核", "Review"),
        new("指挥中心审核办理结果：通过，或退回承办单位重办。", "The centre approves the result, or sends it back to the department."),
        [new InputDescriptor("queue", "String", UIHints.SingleLine, new("审核队列", "Queue"), DefaultValue: "review")],
        [new(Approved, new("通过", "Approved")), new(SentBack, new("退回", "Sent back"))],
        Icon: "audit");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        context.CreateTask($"审核 {@case.TrackingNumber} {@case.Title}", context.GetString("queue") ?? "review", [Approved, SentBack]);
        return ActivityResult.Wait();
    }

    public override ValueTask ValidateCompletionAsync(HumanTask task, string outcome, JsonObject? formData, IServiceProvider services, CancellationToken cancellationToken) =>
        outcome == SentBack && string.IsNullOrWhiteSpace((string?)formData?["reason"])
            ? throw new InvalidRequestException("formData.reason", Bilingual.Text("请填写退回理由。", "Say why the result is sent back."))
            : ValueTask.CompletedTask;

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        var @case = await context.CaseOfAsync();
        if (signal.Outcome == SentBack)
        {
            @case.Status = CaseStatus.Dispatched;
            @case.UpdatedAt = context.Now;
        }
        context.SetOutput(new JsonObject { ["outcome"] = signal.Outcome, ["reason"] = (string?)(signal.Payload as JsonObject)?["reason"], ["by"] = signal.Actor });
        return ActivityResult.Done(signal.Outcome ?? Approved);
    }
}

/// <summary>结案.</summary>
public sealed class CloseActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.Close", Categories.Cases, new("结案", "Close"), new("结束案件。", "Closes the case."),
        [], [new("Done", new("已结案", "Closed"))], Icon: "file-done");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        await context.EndedAsync(@case);
        @case.Status = CaseStatus.Closed;
        @case.ClosedAt = context.Now;
        @case.UpdatedAt = context.Now;
        return ActivityResult.Done();
    }
}

/// <summary>自处置: a grid worker fixes a small matter on the spot, or reports it up for dispatch (小事不出村).</summary>
public sealed class SelfHandleActivity : Activity
{
    public const string SelfHandled = "SelfHandled";
    public const string ReportUp = "ReportUp";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.SelfHandle", Categories.Cases, new("网格自处置", "Self-handle"),
        new("网格员现场处置并填写结果；处置不了的上报指挥中心派单。", "The grid worker fixes it on the spot and records the result, or reports it up for dispatch."),
        [new InputDescriptor("queue", "String", UIHints.SingleLine, new("队列", "Queue"),
            Description: new("不填则交给案件所在网格", "The case's grid when left empty"))],
        [new(SelfHandled, new("已自处置", "Self-handled")), new(ReportUp, new("上报", "Reported up"))],
        Icon: "environment");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var grid = @case.GridId is { } id ? await context.Db.Set<OrgUnit>().FindAsync(id) : null;
        var queue = context.GetString("queue") is { Length: > 0 } q ? q : grid is not null ? $"grid:{grid.Code}" : "grid-workers";
        context.CreateTask($"处置 {@case.TrackingNumber} {@case.Title}", queue, [SelfHandled, ReportUp]);
        return ActivityResult.Wait();
    }

    public override ValueTask ValidateCompletionAsync(HumanTask task, string outcome, JsonObject? formData, IServiceProvider services, CancellationToken cancellationToken) =>
        outcome == SelfHandled && string.IsNullOrWhiteSpace((string?)formData?["result"])
            ? throw new InvalidRequestException("formData.result", Bilingual.Text("请填写现场处置结果。", "Record what was done on the spot."))
            : ValueTask.CompletedTask;

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        var @case = await context.CaseOfAsync();
        @case.UpdatedAt = context.Now;
        if (signal.Outcome == SelfHandled)
        {
            @case.Status = CaseStatus.Completed;
            CaseMetrics.Record(context.Db, CaseMetric.Completed, @case, context.Now);
            context.SetOutput(new JsonObject { ["result"] = (string?)(signal.Payload as JsonObject)?["result"], ["by"] = signal.Actor });
            return ActivityResult.Done(SelfHandled);
        }
        return ActivityResult.Done(ReportUp);
    }
}
