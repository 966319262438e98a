using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Expressions;

/// <summary>Evaluates Literal, Object, Variable and JavaScript expressions.</summary>
/// <remarks>JavaScript runs on Jint with the limits of <see cref="JavaScriptOptions"/>, after <see cref="JavaScriptGuard"/> accepts it.</remarks>
public sealed class ExpressionEvaluator
{
    private readonly JavaScriptRunner _javaScript;

    /// <param name="options">JavaScript limits and host global names; the documented defaults when null.</param>
    public ExpressionEvaluator(JavaScriptOptions? options = null)
    {
        options ??= new JavaScriptOptions();
        options.Validate();
        _javaScript = new JavaScriptRunner(options);
    }

    public JsonNode? Evaluate(InputExpression expression, ExpressionScope scope)
    {
        switch (expression.Type)
        {
            case InputExpression.Literal:
                return expression.Value?.DeepClone();
            case InputExpression.Object:
                if (expression.Value is JsonValue v && v.TryGetValue(out string? text))
                {
                    try { return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text); }
                    catch (JsonException e) { throw new ExpressionException($"The Object expression is not valid JSON: {e.Message}", e); }
                }
                return expression.Value?.DeepClone();
            case InputExpression.Variable:
                var name = expression.Text ?? "";
                return scope.Variables.TryGetPropertyValue(name, out var value)
                    ? value?.DeepClone()
                    : throw new ExpressionException($"Variable '{name}' is not defined.");
            case InputExpression.JavaScript:
                return _javaScript.Evaluate(expression.Text ?? "", scope);
            default:
                throw new ExpressionException($"Unknown expression type '{expression.Type}'.");
        }
    }
}
