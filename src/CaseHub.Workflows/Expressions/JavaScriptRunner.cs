using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Parser.Ast;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// Runs JavaScript expressions on Jint 2.10.4 (ES5), one <see cref="Engine"/> per evaluation because engines
/// are not thread-safe. The CLR stays out of reach; values cross as JSON.
/// </summary>
internal sealed class JavaScriptRunner(JavaScriptOptions options)
{
    public JsonNode? Evaluate(string code, ExpressionScope scope)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        foreach (var name in scope.Globals.Keys)
        {
            if (JavaScriptGuard.GlobalNameProblem(name) is { } problem)
                throw new ExpressionException($"The host global '{name}' cannot be given to JavaScript: {problem}");
        }
        var reasons = new List<string>();
        var script = JavaScriptGuard.Analyze(code, scope.Globals.Keys, reasons)
            ?? throw new ExpressionException("The JavaScript expression was refused: " + string.Join(" ", reasons));
        return Run(script.Program, script.Globals, scope);
    }

    /// <summary>Runs a parsed program under the engine limits, handing it only the globals it reads.</summary>
    internal JsonNode? Run(Program program, IReadOnlySet<string> globals, ExpressionScope scope)
    {
        try
        {
            var engine = new Engine(o => o
                .TimeoutInterval(options.Timeout)
                .MaxStatements(options.MaxStatements)
                .LimitRecursion(options.RecursionLimit)
                .Culture(CultureInfo.InvariantCulture)
                .LocalTimeZone(TimeZoneInfo.Utc)
                .Strict());
            foreach (var name in globals)
                engine.SetValue(name, GlobalValue(engine, name, scope));
            return FromJs(engine, engine.Execute(program).GetCompletionValue());
        }
        catch (JavaScriptException e)
        {
            var error = string.IsNullOrEmpty(e.Message) ? e.Error.ToString() : $"{ErrorName(e.Error)}: {e.Message}";
            throw new ExpressionException($"The JavaScript expression failed: {error}{(e.Location is null ? "" : $" (line {e.LineNumber}, column {e.Column + 1})")}.", e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionException($"The JavaScript expression took longer than {options.Timeout.TotalMilliseconds:0} ms and was stopped.", e);
        }
        catch (StatementsCountOverflowException e)
        {
            throw new ExpressionException($"The JavaScript expression ran more than {options.MaxStatements} statements and was stopped.", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            throw new ExpressionException($"The JavaScript expression nested calls more than {options.RecursionLimit} deep and was stopped.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Jint 2 reports some script errors as plain .NET exceptions (casts, indexes, arguments);
            // whatever the script did, the instance gets an incident, not a crashed worker.
            throw new ExpressionException($"The JavaScript expression failed: {e.Message}", e);
        }
    }

    private static JsValue GlobalValue(Engine engine, string name, ExpressionScope scope) => name switch
    {
        "variables" => ToJs(engine, scope.Variables),
        "input" => ToJs(engine, scope.Input),
        "outputs" => ToJs(engine, scope.Outputs),
        "getVariable" => new ClrFunctionInstance(engine, (_, arguments) =>
            scope.Variables.TryGetPropertyValue(TypeConverter.ToString(Arguments.At(arguments, 0)), out var value)
                ? ToJs(engine, value)
                : JsValue.Undefined, 1),
        _ => ToJs(engine, scope.Globals.GetValueOrDefault(name)),
    };

    /// <summary>
    /// JSON into the engine through Jint's JSON parser. System.Text.Json's default escaping matters here:
    /// it writes U+2028 and U+2029 as <c>\u</c> escapes, which Jint's parser needs.
    /// </summary>
    private static JsValue ToJs(Engine engine, JsonNode? node) =>
        node is null ? JsValue.Null : new JsonParser(engine).Parse(node.ToJsonString());

    private static JsonNode? FromJs(Engine engine, JsValue value)
    {
        switch (value.Type)
        {
            case Types.Boolean:
                return JsonValue.Create(value.AsBoolean());
            case Types.String:
                return JsonValue.Create(value.AsString());
            case Types.Number:
                var number = value.AsNumber();
                if (double.IsNaN(number) || double.IsInfinity(number))
                    return null;
                // Parsed from text so that the node converts to int, long, double or decimal alike.
                var text = Math.Abs(number) < 1e15 && number == Math.Floor(number)
                    ? ((long)number).ToString(CultureInfo.InvariantCulture)
                    : number.ToString("R", CultureInfo.InvariantCulture);
                return JsonNode.Parse(text);
            case Types.Object:
                var json = engine.Json.Stringify(JsValue.Undefined, [value]);
                return json.IsString() ? JsonNode.Parse(json.AsString()) : null;
            default:
                return null;
        }
    }

    private static string ErrorName(JsValue error) =>
        error.IsObject() && error.AsObject().Get("name") is { } name && name.IsString() ? name.AsString() : "Error";
}
