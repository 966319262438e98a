using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Expressions;

/// <summary>What an expression can see: the instance's variables, its input, activity outputs and host-supplied globals.</summary>
public sealed class ExpressionScope
{
    public JsonObject Variables { get; init; } = [];
    public JsonObject Input { get; init; } = [];
    /// <summary>Outputs of completed activities by activity id, e.g. a task's outcome and form data.</summary>
    public JsonObject Outputs { get; init; } = [];
    /// <summary>Extra read-only globals by name, such as the case as <c>c</c> (<c>case</c> is reserved in ES5).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Globals { get; init; } = new Dictionary<string, JsonNode?>();
}

/// <summary>An expression could not be evaluated. The instance records an incident; nothing crashes.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
