using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Tests.Validation;

/// <summary>Builds a small Elsa-3 workflow definition as JSON, the way the designer saves one.</summary>
internal sealed class FlowchartBuilder
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];

    /// <summary>An input in Elsa-3 form: <c>{typeName, expression:{type, value}}</c>.</summary>
    public static JsonObject Input(string type, JsonNode? value, string typeName = "String") => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
    };

    public static JsonObject Literal(JsonNode? value) => Input(InputExpression.Literal, value);

    public static JsonObject JavaScript(string code) => Input(InputExpression.JavaScript, code, "Boolean");

    /// <summary>A switch case as Elsa 3 writes it.</summary>
    public static JsonObject Case(string label, string code) => new()
    {
        ["label"] = label,
        ["condition"] = new JsonObject { ["type"] = InputExpression.JavaScript, ["value"] = code },
    };

    public FlowchartBuilder Activity(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (name, value) in properties)
            activity[name] = value;
        _activities.Add(activity);
        return this;
    }

    public FlowchartBuilder Start(string id = "start") => Activity(id, "Elsa.Start");

    public FlowchartBuilder End(string id = "end") => Activity(id, "Elsa.End");

    public FlowchartBuilder WriteLine(string id, string text = "hello") => Activity(id, "Elsa.WriteLine", ("text", Literal(text)));

    public FlowchartBuilder Connect(string source, string target, string port = "Done", string targetPort = Connection.InPort)
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = targetPort },
        });
        return this;
    }

    public FlowchartBuilder Variable(string name, JsonNode? value = null)
    {
        _variables.Add(new JsonObject { ["id"] = name, ["name"] = name, ["typeName"] = "Object", ["value"] = value });
        return this;
    }

    public string ToJson() => new JsonObject
    {
        ["id"] = "test-flow",
        ["definitionId"] = "test-flow",
        ["name"] = "Test flow",
        ["variables"] = _variables.DeepClone(),
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart",
            ["type"] = "Elsa.Flowchart",
            ["activities"] = _activities.DeepClone(),
            ["connections"] = _connections.DeepClone(),
        },
    }.ToJsonString();

    public WorkflowDocument Build() => WorkflowJson.Parse(ToJson());
}
