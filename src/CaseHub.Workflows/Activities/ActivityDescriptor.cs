using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Activities;

/// <summary>Text in the two languages the UI speaks: zh-CN first, en-US second.</summary>
public sealed record LocalizedText(string ZhCN, string EnUS);

/// <summary>How the designer edits an input. The names are the designer's editor keys.</summary>
public static class UIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string Number = "number";
    public const string Dropdown = "dropdown";
    public const string Duration = "duration";
    public const string DateTime = "datetime";
    public const string StringList = "string-list";
    public const string SwitchCases = "switch-cases";
    public const string Json = "json";
    public const string Code = "code";
    public const string VariablePicker = "variable-picker";
    public const string DepartmentPicker = "department-picker";
    public const string ItemPicker = "item-picker";
    public const string OrgUnitPicker = "org-unit-picker";
}

public sealed record InputDescriptor(
    string Name,
    string TypeName,
    string UIHint,
    LocalizedText DisplayName,
    bool Required = false,
    JsonNode? DefaultValue = null,
    IReadOnlyList<string>? Options = null,
    LocalizedText? Description = null,
    /// <summary>False for structured inputs (switch cases, a variable reference) that are not <c>{typeName, expression}</c>.</summary>
    bool IsExpression = true);

public sealed record OutcomeDescriptor(string Name, LocalizedText DisplayName);

/// <summary>
/// Outcomes that depend on an input, so the designer can redraw ports as the admin edits.
/// <see cref="Input"/> names the input; <see cref="Fixed"/> are always there besides.
/// </summary>
public sealed record DynamicOutcomes(string Input, IReadOnlyList<string> Fixed);

public sealed record ActivityDescriptor(
    string TypeName,
    string Category,
    LocalizedText DisplayName,
    LocalizedText Description,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<OutcomeDescriptor> Outcomes,
    DynamicOutcomes? DynamicOutcomes = null,
    string? Icon = null,
    /// <summary>True for activities that end a path and so have no outcome to connect.</summary>
    bool IsTerminal = false,
    bool IsStart = false);

public static class Categories
{
    public const string Flow = "Flow";
    public const string Primitives = "Primitives";
    public const string Timers = "Timers";
    public const string Events = "Events";
    public const string Tasks = "Tasks";
    public const string Cases = "Cases";
}
