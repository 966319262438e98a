using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows.Activities;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Dispatch;

/// <summary>
/// 街乡吹哨、部门报到: summons a lead department and assisting ones. Each gets a report-in task; when all
/// have reported the case goes to the lead department. If the time limit passes first, the flow takes
/// <c>Overdue</c> with the departments that failed to report, and their tasks are withdrawn.
/// </summary>
public sealed class WhistleActivity : Activity
{
    public const string AllReported = "AllReported";
    public const string Overdue = "Overdue";
    public const string Reported = "Reported";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.Whistle", Categories.Cases, new("吹哨报到", "Whistle"),
        new("街乡吹哨，主办和协办部门须在时限内报到；全部报到后由主办部门承办，超时未报到的走“超时”。",
            "Summons a lead and assisting departments, who must report in within the limit; then the lead handles the case. Overdue when the limit passes first."),
        [
            new InputDescriptor("leadDepartment", "String", UIHints.DepartmentPicker, new("主办部门", "Lead department"), Required: true),
            new InputDescriptor("assistingDepartments", "String[]", UIHints.DepartmentPicker, new("协办部门", "Assisting departments")),
            new InputDescriptor("reportWithin", "TimeSpan", UIHints.Duration, new("报到时限", "Report within"), DefaultValue: "00:30:00"),
        ],
        [new(AllReported, new("全部报到", "All reported")), new(Overdue, new("超时未报到", "Overdue"))],
        Icon: "sound");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var leadCode = context.GetString("leadDepartment");
        if (string.IsNullOrWhiteSpace(leadCode))
            throw new ActivityInputException("leadDepartment", "Name the lead department.");
        var codes = context.GetStringList("assistingDepartments").Prepend(leadCode).Distinct().ToList();
        var departments = await context.Db.Set<Department>().Where(d => codes.Contains(d.Code) && d.IsActive).ToListAsync();
        if (codes.Except(departments.Select(d => d.Code)).ToList() is { Count: > 0 } unknown)
            throw new ActivityInputException(unknown.Contains(leadCode) ? "leadDepartment" : "assistingDepartments", $"No active department '{string.Join("', '", unknown)}'.");

        var reportBy = await context.DueAtAsync("reportWithin") ?? context.Now.AddMinutes(30);
        foreach (var code in codes)
        {
            context.CreateTask($"报到 {@case.TrackingNumber} {@case.Title}{(code == leadCode ? "（主办）" : "（协办）")}",
                CaseWorkflow.DepartmentGroup(code), [Reported], priority: 3, dueAt: reportBy);
        }
        context.CreateTimer(reportBy);
        @case.DepartmentId = departments.Single(d => d.Code == leadCode).Id;
        @case.Status = CaseStatus.Dispatched;
        @case.DispatchedAt = context.Now;
        @case.UpdatedAt = context.Now;
        CaseMetrics.Record(context.Db, CaseMetric.Dispatched, @case, context.Now);
        await Supervision.CaseClocks.DispatchedAsync(context, @case);
        context.SetOutput(new JsonObject { ["lead"] = leadCode, ["summoned"] = new JsonArray([.. codes.Select(c => (JsonNode)c)]), ["reported"] = new JsonArray() });
        return ActivityResult.Wait();
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        var output = context.Outputs[context.Node.Id]?.AsObject() ?? [];
        var summoned = ActivityContext.ReadStringList(output["summoned"]);
        var reported = ActivityContext.ReadStringList(output["reported"]).ToList();
        if (signal.Kind == WaitKind.Task)
        {
            var task = await context.Db.Set<CaseHub.Workflows.Persistence.HumanTask>().FindAsync(signal.BookmarkId);
            if (task is not null && task.CandidateGroup.StartsWith("dept:", StringComparison.Ordinal))
                reported.Add(task.CandidateGroup["dept:".Length..]);
            output["reported"] = new JsonArray([.. reported.Distinct().Select(c => (JsonNode)c)]);
            context.SetOutput(output);
            if (summoned.Except(reported).Any())
                return ActivityResult.Wait();
            return ActivityResult.Done(AllReported);
        }
        var missing = summoned.Except(reported).ToList();
        output["missing"] = new JsonArray([.. missing.Select(c => (JsonNode)c)]);
        context.SetOutput(output);
        context.Log($"Not reported in time: {string.Join(", ", missing)}");
        return ActivityResult.Done(Overdue);
    }
}
