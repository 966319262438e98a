using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Activities.Builtins;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Validation;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>One problem found in a definition, naming the activity and the input where it can.</summary>
public sealed record ValidationIssue(IssueSeverity Severity, string? ActivityId, string? Field, string Message);

/// <summary>
/// Checks a definition before it may be published. Errors block publishing: unknown types, duplicate ids,
/// a missing or second start, broken connections, unreachable activities, empty required inputs and
/// expressions that do not parse or that <see cref="JavaScriptGuard"/> refuses. Warnings do not block:
/// outcomes left unconnected (a path that takes one just ends) and variables nobody declares or sets.
/// </summary>
/// <param name="registry">The activity types the engine can run.</param>
/// <param name="javaScript">Supplies the names of host globals (such as <c>c</c>) that expressions may use.</param>
public sealed class WorkflowValidator(ActivityRegistry registry, JavaScriptOptions? javaScript = null)
{
    /// <summary>The field of issues about an activity's type.</summary>
    public const string TypeField = "type";

    /// <summary>The field of issues about an activity's id.</summary>
    public const string IdField = "id";

    /// <summary>The field of issues about connections and reachability.</summary>
    public const string ConnectionsField = "connections";

    private const string FlowSwitchType = "Elsa.FlowSwitch";
    private const string SetVariableType = "Elsa.SetVariable";

    /// <summary>The Chinese wording of <see cref="WorkflowDuration.Formats"/>; the duration texts themselves stay as the parser reads them.</summary>
    private const string DurationFormatsZh = "“3 working days”、“4 working hours”、“hh:mm:ss”、“d.hh:mm:ss”或 ISO 8601 格式（如“PT2H”）";

    private readonly IReadOnlyList<string> _globalNames = [.. javaScript?.GlobalNames ?? []];

    public IReadOnlyList<ValidationIssue> Validate(WorkflowDocument document)
    {
        var issues = new List<ValidationIssue>();
        CheckStart(document, issues);
        CheckIds(document, issues);
        var variables = KnownVariables(document);
        foreach (var node in document.Activities)
        {
            var activity = registry.Find(node.Type);
            if (activity is null)
                issues.Add(Error(node.Id, TypeField, Bilingual.Text($"未知的活动类型“{node.Type}”：系统中没有安装这种活动。", $"Unknown activity type '{node.Type}'; no activity of that type is installed.")));
            else
            {
                CheckRequiredInputs(node, activity, issues);
                CheckDurations(node, activity, issues);
            }
            CheckExpressions(node, variables, issues);
            if (node.Type == FlowSwitchType)
                CheckSwitchCases(node, variables, issues);
        }
        CheckConnections(document, issues);
        CheckReachability(document, issues);
        CheckUnconnectedOutcomes(document, issues);
        return issues;
    }


    private static ValidationIssue Error(string? activityId, string? field, string message) => new(IssueSeverity.Error, activityId, field, message);

    private static ValidationIssue Warning(string? activityId, string? field, string message) => new(IssueSeverity.Warning, activityId, field, message);

    private static void CheckStart(WorkflowDocument document, List<ValidationIssue> issues)
    {
        var starts = document.Activities.Where(a => a.Type == WorkflowRuntime.StartType).ToList();
        if (starts.Count == 0)
            issues.Add(Error(null, TypeField, Bilingual.Text($"流程没有开始活动（{WorkflowRuntime.StartType}），请在流程开始处添加一个。", $"The workflow has no Start activity ({WorkflowRuntime.StartType}); add one where the flow begins.")));
        foreach (var extra in starts.Skip(1))
            issues.Add(Error(extra.Id, TypeField, Bilingual.Text($"流程已从“{starts[0].Id}”开始；一个流程只能有一个开始活动。", $"The workflow already starts at '{starts[0].Id}'; a workflow has exactly one Start activity.")));
    }

    private static void CheckIds(WorkflowDocument document, List<ValidationIssue> issues)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in document.Activities)
        {
            if (!seen.Add(node.Id))
                issues.Add(Error(node.Id, IdField, Bilingual.Text($"已有另一个活动使用标识“{node.Id}”，活动标识不能重复。", $"Another activity already has the id '{node.Id}'; ids must be unique.")));
        }
    }

    private static void CheckRequiredInputs(ActivityNode node, Activity activity, List<ValidationIssue> issues)
    {
        foreach (var input in activity.Descriptor.Inputs.Where(i => i.Required))
        {
            var empty = input.IsExpression
                ? node.GetInput(input.Name)?.IsEmpty ?? true
                : IsStructuredInputEmpty(node, input.Name);
            if (empty)
                issues.Add(Error(node.Id, input.Name, Bilingual.Text($"“{input.DisplayName.ZhCN}”为必填项，但尚未填写。", $"'{input.DisplayName.EnUS}' is required but empty.")));
        }
    }

    /// <summary>A written-out duration is checked now, so a typo is not found only when a case reaches the node.</summary>
    private static void CheckDurations(ActivityNode node, Activity activity, List<ValidationIssue> issues)
    {
        foreach (var input in activity.Descriptor.Inputs.Where(i => i.UIHint == UIHints.Duration))
        {
            if (node.GetInput(input.Name) is not { Type: InputExpression.Literal, IsEmpty: false, Value: JsonValue value })
                continue;
            if (!WorkflowDuration.TryRead(value, out var duration))
                issues.Add(Error(node.Id, input.Name, Bilingual.Text($"“{input.DisplayName.ZhCN}”不是有效的时长，请使用{DurationFormatsZh}。", $"'{input.DisplayName.EnUS}' is not a duration: use {WorkflowDuration.Formats}.")));
            else if (duration.Amount < 0)
                issues.Add(Error(node.Id, input.Name, Bilingual.Text($"“{input.DisplayName.ZhCN}”不能为负数。", $"'{input.DisplayName.EnUS}' must not be negative.")));
        }
    }

    private static bool IsStructuredInputEmpty(ActivityNode node, string name) => (node.Type, name) switch
    {
        (SetVariableType, "variable") => string.IsNullOrWhiteSpace(SetVariableActivity.VariableName(node)),
        (FlowSwitchType, "cases") => !FlowSwitchActivity.Cases(node).Any(),
        _ => node.GetProperty(name) switch
        {
            null => true,
            JsonValue v => v.TryGetValue(out string? s) && string.IsNullOrWhiteSpace(s),
            JsonArray a => a.Count == 0,
            JsonObject o => o.Count == 0,
            _ => false,
        },
    };

    /// <summary>Every input in expression form, whether or not the descriptor knows it.</summary>
    private void CheckExpressions(ActivityNode node, HashSet<string> variables, List<ValidationIssue> issues)
    {
        foreach (var (name, _) in node.Json)
        {
            if (node.GetInput(name) is { } input)
                CheckExpression(node.Id, name, input, variables, issues);
        }
    }

    private void CheckExpression(string activityId, string field, InputExpression expression, HashSet<string> variables, List<ValidationIssue> issues)
    {
        switch (expression.Type)
        {
            case InputExpression.Literal:
                break;
            case InputExpression.JavaScript when !expression.IsEmpty:
                var chinese = Bilingual.PrefersChinese;
                foreach (var reason in JavaScriptGuard.Check(expression.Text ?? "", _globalNames, chinese))
                    issues.Add(Error(activityId, field, chinese ? $"JavaScript 表达式：{reason}" : $"JavaScript: {reason}"));
                break;
            case InputExpression.Object when !expression.IsEmpty && expression.Value is JsonValue v && v.TryGetValue(out string? text):
                try
                {
                    JsonNode.Parse(text);
                }
                catch (JsonException e)
                {
                    issues.Add(Error(activityId, field, Bilingual.Text($"Object 表达式不是合法的 JSON{Bilingual.WhereJsonBroke(e, text)}。", $"The Object expression is not valid JSON: {e.Message}")));
                }
                break;
            case InputExpression.Variable when !expression.IsEmpty && !variables.Contains(expression.Text ?? ""):
                issues.Add(Warning(activityId, field, Bilingual.Text($"变量“{expression.Text}”既没有在流程中声明，也没有由“设置变量”活动赋值。", $"The variable '{expression.Text}' is neither declared in the workflow nor set by a Set variable activity.")));
                break;
            case InputExpression.JavaScript or InputExpression.Object or InputExpression.Variable:
                break;
            default:
                issues.Add(Error(activityId, field, Bilingual.Text($"未知的表达式类型“{expression.Type}”，请使用 Literal、Object、Variable 或 JavaScript。", $"Unknown expression type '{expression.Type}'; use Literal, Object, Variable or JavaScript.")));
                break;
        }
    }

    private void CheckSwitchCases(ActivityNode node, HashSet<string> variables, List<ValidationIssue> issues)
    {
        if (node.GetProperty("cases") is not JsonArray cases)
            return;
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i] is not JsonObject item)
            {
                issues.Add(Error(node.Id, $"cases[{i}]", Bilingual.Text($"第 {i + 1} 个分支必须是包含分支名（label）和条件（condition）的对象。", $"Case {i + 1} must be an object with a label and a condition.")));
                continue;
            }
            var label = (string?)item["label"];
            if (string.IsNullOrWhiteSpace(label))
            {
                issues.Add(Error(node.Id, $"cases[{i}].label", Bilingual.Text($"第 {i + 1} 个分支没有分支名；分支名就是它通向的出口名。", $"Case {i + 1} has no label; the label names the outcome it leads to.")));
                continue;
            }
            if (label == FlowSwitchActivity.DefaultOutcome)
                issues.Add(Error(node.Id, $"cases[{label}].label", Bilingual.Text($"分支不能命名为“{label}”：所有分支条件都不成立时才走这个出口。", $"A case cannot be labelled '{label}'; that outcome is taken when no case holds.")));
            else if (!labels.Add(label))
                issues.Add(Warning(node.Id, $"cases[{label}].label", Bilingual.Text($"有两个分支都叫“{label}”，只有第一个可能被选中。", $"Two cases are labelled '{label}'; only the first one can ever be chosen.")));

            var field = $"cases[{label}].condition";
            var condition = item["condition"] as JsonObject;
            var expression = condition is null
                ? null
                : new InputExpression(null, (string?)condition["type"] ?? InputExpression.JavaScript, condition["value"]);
            if (expression is null || expression.IsEmpty)
                issues.Add(Error(node.Id, field, Bilingual.Text($"分支“{label}”没有条件。", $"Case '{label}' has no condition.")));
            else
                CheckExpression(node.Id, field, expression, variables, issues);
        }
    }

    private void CheckConnections(WorkflowDocument document, List<ValidationIssue> issues)
    {
        foreach (var connection in document.Connections)
        {
            var (source, target) = (connection.Source, connection.Target);
            var sourceNode = document.Find(source.Activity);
            var targetNode = document.Find(target.Activity);
            if (sourceNode is null)
                issues.Add(Error(targetNode?.Id ?? source.Activity, ConnectionsField,
                    Bilingual.Text($"进入“{target.Activity}”的连线来自活动“{source.Activity}”，但该活动不存在。",
                        $"A connection into '{target.Activity}' comes from activity '{source.Activity}', which does not exist.")));
            if (targetNode is null)
                issues.Add(Error(sourceNode?.Id ?? target.Activity, ConnectionsField,
                    Bilingual.Text($"从“{source.Activity}”（{source.Port}）出发的连线指向活动“{target.Activity}”，但该活动不存在。",
                        $"The connection from '{source.Activity}' ({source.Port}) leads to activity '{target.Activity}', which does not exist.")));
            if (sourceNode is not null && KnownOutcomes(sourceNode) is { } outcomes && !outcomes.Contains(source.Port))
            {
                var offered = outcomes.Count == 0 ? "it has no outcomes" : "its outcomes are " + string.Join(", ", outcomes);
                var offeredZh = outcomes.Count == 0 ? "该活动没有任何出口" : "它的出口有：" + string.Join("、", outcomes);
                issues.Add(Error(sourceNode.Id, ConnectionsField,
                    Bilingual.Text($"有连线从“{sourceNode.Id}”的出口“{source.Port}”离开，但该活动没有这个出口；{offeredZh}。",
                        $"A connection leaves '{sourceNode.Id}' by the outcome '{source.Port}', which it does not offer; {offered}.")));
            }
            if (targetNode is not null && target.Port != Connection.InPort)
                issues.Add(Error(targetNode.Id, ConnectionsField,
                    Bilingual.Text($"从“{source.Activity}”（{source.Port}）出发的连线从端口“{target.Port}”进入“{targetNode.Id}”；连线应从端口“{Connection.InPort}”进入。",
                        $"The connection from '{source.Activity}' ({source.Port}) enters '{targetNode.Id}' at the port '{target.Port}'; connections enter at '{Connection.InPort}'.")));
        }
    }

    private static void CheckReachability(WorkflowDocument document, List<ValidationIssue> issues)
    {
        var starts = document.Activities.Where(a => a.Type == WorkflowRuntime.StartType).Select(a => a.Id).ToList();
        if (starts.Count == 0)
            return; // Reported already; without a start every activity would be listed.
        var next = document.Connections.ToLookup(c => c.Source.Activity, c => c.Target.Activity);
        var reached = new HashSet<string>(starts, StringComparer.Ordinal);
        var queue = new Queue<string>(starts);
        while (queue.TryDequeue(out var id))
        {
            foreach (var target in next[id])
            {
                if (reached.Add(target))
                    queue.Enqueue(target);
            }
        }
        foreach (var id in document.Activities.Select(a => a.Id).Distinct().Where(id => !reached.Contains(id)))
            issues.Add(Error(id, ConnectionsField, Bilingual.Text($"从开始活动无法到达“{id}”，请为它连线或将其删除。", $"'{id}' cannot be reached from the Start activity; connect it or remove it.")));
    }

    private void CheckUnconnectedOutcomes(WorkflowDocument document, List<ValidationIssue> issues)
    {
        foreach (var node in document.Activities)
        {
            if (registry.Find(node.Type) is not { Descriptor.IsTerminal: false } || KnownOutcomes(node) is not { } outcomes)
                continue;
            foreach (var outcome in outcomes.Distinct())
            {
                if (node.Type == FlowSwitchType && outcome == FlowSwitchActivity.DefaultOutcome)
                    continue;
                if (!document.Outbound(node.Id, outcome).Any())
                    issues.Add(Warning(node.Id, ConnectionsField, Bilingual.Text($"出口“{outcome}”没有连线，走这个出口的路径到此结束。", $"The outcome '{outcome}' is not connected; a path that takes it ends there.")));
            }
        }
    }

    /// <summary>
    /// The outcomes a node offers, or null when they cannot be known before it runs: an unknown type, or
    /// outcomes that come from a Variable or JavaScript expression (task outcomes, fork branches).
    /// </summary>
    private IReadOnlyList<string>? KnownOutcomes(ActivityNode node)
    {
        if (registry.Find(node.Type) is not { } activity)
            return null;
        if (activity.Descriptor.DynamicOutcomes is { } dynamic
            && node.GetInput(dynamic.Input) is { Type: InputExpression.Variable or InputExpression.JavaScript })
            return null;
        return activity.GetOutcomes(node);
    }

    private static HashSet<string> KnownVariables(WorkflowDocument document)
    {
        var names = new HashSet<string>(document.Variables.Select(v => v.Name), StringComparer.Ordinal);
        foreach (var node in document.Activities.Where(a => a.Type == SetVariableType))
        {
            if (SetVariableActivity.VariableName(node) is { Length: > 0 } name)
                names.Add(name);
        }
        return names;
    }
}
