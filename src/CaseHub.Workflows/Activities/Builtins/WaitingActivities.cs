using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Activities.Builtins;

public sealed class DelayActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.Delay", Categories.Timers, Text.T("延时", "Delay"), Text.T("等待一段时间后继续。", "Waits for a span of time, then goes on."),
        [new InputDescriptor("timeSpan", "TimeSpan", UIHints.Duration, Text.T("时长", "Duration"), Required: true)],
        [Text.Done], Icon: "hourglass");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var due = await context.DueAtAsync("timeSpan") ?? throw new ActivityInputException("timeSpan", "A duration is required.");
        context.CreateTimer(due);
        return ActivityResult.Wait();
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal) => ValueTask.FromResult(ActivityResult.Done());
}

public sealed class StartAtActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.StartAt", Categories.Timers, Text.T("定时", "Start at"), Text.T("等到指定时间再继续；时间已过则立即继续。", "Waits until a moment; goes on at once if it has passed."),
        [new InputDescriptor("dateTime", "DateTimeOffset", UIHints.DateTime, Text.T("时间", "Date and time"), Required: true)],
        [Text.Done], Icon: "clock-circle");

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var at = context.GetDateTime("dateTime") ?? throw new ActivityInputException("dateTime", "A date and time is required.");
        if (at <= context.Now)
            return ValueTask.FromResult(ActivityResult.Done());
        context.CreateTimer(at);
        return ValueTask.FromResult(ActivityResult.Wait());
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal) => ValueTask.FromResult(ActivityResult.Done());
}

public sealed class EventActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.Event", Categories.Events, Text.T("等待事件", "Event"), Text.T("等待一个命名事件；可只接收某个关联号的事件。", "Waits for a named event, optionally for one correlation id only."),
        [
            new InputDescriptor("eventName", "String", UIHints.SingleLine, Text.T("事件名", "Event name"), Required: true),
            new InputDescriptor("correlationId", "String", UIHints.SingleLine, Text.T("关联号", "Correlation id")),
        ],
        [Text.Done], Icon: "thunderbolt");

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.GetString("eventName");
        if (string.IsNullOrWhiteSpace(name))
            throw new ActivityInputException("eventName", "An event name is required.");
        context.WaitForEvent(name, context.GetString("correlationId"));
        return ValueTask.FromResult(ActivityResult.Wait());
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        context.SetOutput(signal.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

public sealed class PublishEventActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.PublishEvent", Categories.Events, Text.T("发布事件", "Publish event"), Text.T("发布一个命名事件，唤醒等待它的流程。", "Publishes a named event, waking the workflows that wait for it."),
        [
            new InputDescriptor("eventName", "String", UIHints.SingleLine, Text.T("事件名", "Event name"), Required: true),
            new InputDescriptor("correlationId", "String", UIHints.SingleLine, Text.T("关联号", "Correlation id")),
            new InputDescriptor("payload", "Object", UIHints.Json, Text.T("数据", "Payload")),
        ],
        [Text.Done], Icon: "send");

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.GetString("eventName");
        if (string.IsNullOrWhiteSpace(name))
            throw new ActivityInputException("eventName", "An event name is required.");
        context.PublishEvent(name, context.GetString("correlationId"), context.Evaluate("payload"));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

public sealed class HumanTaskActivity : Activity
{
    public const string Type = "CaseHub.HumanTask";

    public override ActivityDescriptor Descriptor { get; } = new(
        Type, Categories.Tasks, Text.T("人工任务", "Human task"),
        Text.T("交给一个人或一个队列（部门）办理；办理结果就是出口。", "Work for a person or a queue (department); its outcomes are the exits."),
        [
            new InputDescriptor("title", "String", UIHints.SingleLine, Text.T("标题", "Title"),
                Description: Text.T("不填则用节点名称", "The node's name when left empty")),
            new InputDescriptor("candidateGroup", "String", UIHints.DepartmentPicker, Text.T("办理队列", "Candidate group"), Required: true),
            new InputDescriptor("assignee", "String", UIHints.SingleLine, Text.T("指定办理人", "Assignee")),
            new InputDescriptor("priority", "Int32", UIHints.Dropdown, Text.T("优先级", "Priority"), DefaultValue: 1, Options: ["0", "1", "2", "3"],
                Description: Text.T("0 低，1 普通，2 高，3 紧急", "0 low, 1 normal, 2 high, 3 urgent")),
            new InputDescriptor("dueIn", "TimeSpan", UIHints.Duration, Text.T("办理时限", "Due in")),
            new InputDescriptor("outcomes", "String[]", UIHints.StringList, Text.T("办理结果", "Outcomes"), DefaultValue: new JsonArray("Done")),
        ],
        [Text.Done], new DynamicOutcomes("outcomes", []), Icon: "user");

    public override IReadOnlyList<string> GetOutcomes(ActivityNode node) => OutcomesOf(node);

    internal static IReadOnlyList<string> OutcomesOf(ActivityNode node)
    {
        var input = node.GetInput("outcomes");
        var outcomes = input is { Type: InputExpression.Literal or InputExpression.Object } ? ActivityContext.ReadStringList(input.Value) : [];
        return outcomes.Count > 0 ? outcomes : ["Done"];
    }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var group = context.GetString("candidateGroup");
        if (string.IsNullOrWhiteSpace(group))
            throw new ActivityInputException("candidateGroup", "A candidate group is required.");
        var outcomes = context.GetStringList("outcomes");
        var dueAt = await context.DueAtAsync("dueIn");
        context.CreateTask(
            context.GetString("title") ?? context.Node.Name ?? context.Node.Id,
            group,
            outcomes.Count > 0 ? outcomes : ["Done"],
            assignee: context.GetString("assignee") is { Length: > 0 } a ? a : null,
            priority: context.GetInt("priority", 1),
            dueAt: dueAt);
        return ActivityResult.Wait();
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        context.SetOutput(new JsonObject { ["outcome"] = signal.Outcome, ["formData"] = signal.Payload?.DeepClone(), ["completedBy"] = signal.Actor });
        return ValueTask.FromResult(ActivityResult.Done(signal.Outcome ?? "Done"));
    }
}
