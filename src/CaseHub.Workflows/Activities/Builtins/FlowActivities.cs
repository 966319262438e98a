using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Activities.Builtins;

internal static class Text
{
    public static LocalizedText T(string zh, string en) => new(zh, en);
    public static OutcomeDescriptor Outcome(string name, string zh, string en) => new(name, new LocalizedText(zh, en));
    public static readonly OutcomeDescriptor Done = Outcome("Done", "完成", "Done");
}

public sealed class StartActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        WorkflowRuntime.StartType, Categories.Flow, Text.T("开始", "Start"), Text.T("流程从这里开始。", "Where the flow begins."),
        [], [Text.Done], Icon: "play", IsStart: true);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

public sealed class EndActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.End", Categories.Flow, Text.T("结束", "End"), Text.T("结束这一条路径；其他并行路径继续。", "Ends this path; other parallel paths go on."),
        [], [], Icon: "stop", IsTerminal: true);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.EndPath());
}

public sealed class FinishActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.Finish", Categories.Flow, Text.T("完成流程", "Finish"), Text.T("结束整个流程，取消所有未完成的任务和定时器。", "Ends the whole workflow, cancelling every open task and timer."),
        [], [], Icon: "check-circle", IsTerminal: true);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.FinishWorkflow());
}

public sealed class WriteLineActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.WriteLine", Categories.Primitives, Text.T("写日志", "Write line"), Text.T("向流程日志写一行文字。", "Writes a line to the journal."),
        [new InputDescriptor("text", "String", UIHints.SingleLine, Text.T("文字", "Text"), Required: true)],
        [Text.Done], Icon: "file-text");

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Log(context.GetString("text") ?? "");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

public sealed class SetVariableActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.SetVariable", Categories.Primitives, Text.T("设置变量", "Set variable"), Text.T("给流程变量赋值。", "Sets a workflow variable."),
        [
            new InputDescriptor("variable", "Variable", UIHints.VariablePicker, Text.T("变量", "Variable"), Required: true, IsExpression: false),
            new InputDescriptor("value", "Object", UIHints.SingleLine, Text.T("值", "Value")),
        ],
        [Text.Done], Icon: "edit");

    /// <summary>Elsa writes the variable as <c>{id, name, ...}</c>; a plain name is accepted too.</summary>
    public static string? VariableName(ActivityNode node) => node.GetProperty("variable") switch
    {
        JsonObject o => (string?)o["name"] ?? (string?)o["id"],
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => null,
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = VariableName(context.Node);
        if (string.IsNullOrWhiteSpace(name))
            throw new ActivityInputException("variable", "No variable is chosen.");
        context.SetVariable(name, context.Evaluate("value"));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

public sealed class FlowDecisionActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.FlowDecision", Categories.Flow, Text.T("条件判断", "Decision"), Text.T("条件成立走“是”，否则走“否”。", "Takes True when the condition holds, otherwise False."),
        [new InputDescriptor("condition", "Boolean", UIHints.Code, Text.T("条件", "Condition"), Required: true)],
        [Text.Outcome("True", "是", "True"), Text.Outcome("False", "否", "False")], Icon: "branches");

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done(context.GetBool("condition") ? "True" : "False"));
}

public sealed class FlowSwitchActivity : Activity
{
    public const string DefaultOutcome = "Default";

    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.FlowSwitch", Categories.Flow, Text.T("多路分支", "Switch"), Text.T("按条件选择分支：只取第一个成立的（MatchFirst），或取所有成立的（MatchAny）；都不成立走 Default。", "Chooses branches by condition: the first that holds (MatchFirst) or all that hold (MatchAny); Default when none does."),
        [
            new InputDescriptor("cases", "SwitchCase[]", UIHints.SwitchCases, Text.T("分支", "Cases"), Required: true, IsExpression: false),
            new InputDescriptor("mode", "SwitchMode", UIHints.Dropdown, Text.T("匹配方式", "Mode"), DefaultValue: "MatchFirst", Options: ["MatchFirst", "MatchAny"]),
        ],
        [Text.Outcome(DefaultOutcome, "默认", "Default")], new DynamicOutcomes("cases", [DefaultOutcome]), Icon: "apartment");

    public static IEnumerable<(string Label, JsonObject? Condition)> Cases(ActivityNode node) =>
        (node.GetProperty("cases") as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => ((string?)c["label"] ?? "", c["condition"] as JsonObject))
            .Where(c => c.Item1.Length > 0);

    public override IReadOnlyList<string> GetOutcomes(ActivityNode node) => [.. Cases(node).Select(c => c.Label).Distinct(), DefaultOutcome];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var matchAny = string.Equals(context.GetString("mode"), "MatchAny", StringComparison.OrdinalIgnoreCase);
        var matched = new List<string>();
        foreach (var (label, condition) in Cases(context.Node))
        {
            if (condition is null)
                continue;
            var expression = new InputExpression(null, (string?)condition["type"] ?? InputExpression.JavaScript, condition["value"]);
            var value = context.Evaluate(expression, $"cases[{label}].condition");
            if (value is JsonValue v && (v.TryGetValue(out bool b) ? b : string.Equals(ActivityContext.AsString(v), "true", StringComparison.OrdinalIgnoreCase)))
            {
                matched.Add(label);
                if (!matchAny)
                    break;
            }
        }
        return ValueTask.FromResult(ActivityResult.Done(matched.Count > 0 ? [.. matched.Distinct()] : [DefaultOutcome]));
    }
}

public sealed class FlowForkActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.FlowFork", Categories.Flow, Text.T("并行分叉", "Fork"), Text.T("同时走所有命名的分支。", "Runs every named branch at once."),
        [new InputDescriptor("branches", "String[]", UIHints.StringList, Text.T("分支", "Branches"), Required: true)],
        [], new DynamicOutcomes("branches", []), Icon: "fork");

    public override IReadOnlyList<string> GetOutcomes(ActivityNode node) =>
        node.GetInput("branches") is { } input && input.Type == InputExpression.Literal ? ActivityContext.ReadStringList(input.Value) : [];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done(context.GetStringList("branches")));
}

public sealed class FlowJoinActivity : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new(
        "Elsa.FlowJoin", Categories.Flow, Text.T("汇合", "Join"),
        Text.T("等待进入的分支：WaitAny 取第一个并取消其余；WaitAll 等全部；WaitAllActive 等所有仍在进行的。", "Waits for inbound branches: WaitAny takes the first and cancels the rest; WaitAll waits for all; WaitAllActive waits for those still active."),
        [new InputDescriptor("mode", "FlowJoinMode", UIHints.Dropdown, Text.T("汇合方式", "Mode"), DefaultValue: "WaitAny", Options: ["WaitAny", "WaitAll", "WaitAllActive"])],
        [Text.Done], Icon: "merge-cells");

    // The runtime decides when a join may run; by then there is nothing left to wait for.
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
