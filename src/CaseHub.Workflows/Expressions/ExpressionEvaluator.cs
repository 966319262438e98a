using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Expressions;

/// <summary>Evaluates Literal, Object, Variable and JavaScript expressions.</summary>
public sealed class ExpressionEvaluator
{
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
                throw new ExpressionException("JavaScript expressions are not available yet.");
            default:
                throw new ExpressionException($"Unknown expression type '{expression.Type}'.");
        }
    }
}
