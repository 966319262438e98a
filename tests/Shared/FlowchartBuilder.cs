using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities.Builtins;

namespace CaseHub.Tests;

/// <summary>Inputs in Elsa-3 form: <c>{typeName, expression:{type, value}}</c>.</summary>
public static class In
{
    public static JsonObject Expression(string type, JsonNode? value, string typeName = "String") => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
    };

    public static JsonObject Literal(JsonNode? value, string typeName = "String") => Expression("Literal", value, typeName);

    public static JsonObject Variable(string name, string typeName = "Object") => Expression("Variable", name, typeName);

    public static JsonObject Object(string json, string typeName = "Object") => Expression("Object", json, typeName);

    public static JsonObject JavaScript(string code, string typeName = "Object") => Expression("JavaScript", code, typeName);

    /// <summary>A FlowSwitch case whose condition is JavaScript.</summary>
    public static JsonObject Case(string label, string code) => Case(label, "JavaScript", code);

    /// <summary>A FlowSwitch case: a label (the port) and a bare <c>{type, value}</c> condition.</summary>
    public static JsonObject Case(string label, string type, JsonNode? value) => new()
    {
        ["label"] = label,
        ["condition"] = new JsonObject { ["type"] = type, ["value"] = value },
    };
}

/// <summary>Builds small Elsa-3 flowcharts for tests, in the nested connection form.</summary>
public sealed class FlowchartBuilder(string definitionId = "flow", string? name = null)
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];
    private int _x;

    public string DefinitionId { get; } = definitionId;

    public FlowchartBuilder Variable(string variableName, JsonNode? value = null, string typeName = "Object")
    {
        _variables.Add(new JsonObject
        {
            ["id"] = variableName,
            ["name"] = variableName,
            ["typeName"] = typeName,
            ["value"] = value,
            ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        });
        return this;
    }

    public FlowchartBuilder Activity(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"Workflow1:{id}",
            ["name"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject
            {
                ["designer"] = new JsonObject
                {
                    ["position"] = new JsonObject { ["x"] = _x += 200, ["y"] = 100 },
                    ["size"] = new JsonObject { ["width"] = 140, ["height"] = 50 },
                },
            },
        };
        foreach (var (key, value) in properties)
            activity[key] = value;
        _activities.Add(activity);
        return this;
    }

    public FlowchartBuilder Start(string id = "start") => Activity(id, "Elsa.Start");

    public FlowchartBuilder End(string id = "end") => Activity(id, "Elsa.End");

    public FlowchartBuilder Finish(string id = "finish") => Activity(id, "Elsa.Finish");

    public FlowchartBuilder WriteLine(string id, string text = "hello") => Activity(id, "Elsa.WriteLine", ("text", In.Literal(text)));

    public FlowchartBuilder SetVariable(string id, string variable, JsonObject value) =>
        Activity(id, "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = variable, ["name"] = variable }), ("value", value));

    public FlowchartBuilder Decision(string id, JsonObject condition) => Activity(id, "Elsa.FlowDecision", ("condition", condition));

    public FlowchartBuilder Switch(string id, string mode, params JsonObject[] cases) =>
        Activity(id, "Elsa.FlowSwitch", ("cases", new JsonArray([.. cases])), ("mode", In.Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.SwitchMode")));

    public FlowchartBuilder Fork(string id, params string[] branches) =>
        Activity(id, "Elsa.FlowFork", ("branches", In.Literal(string.Join(",", branches), "String[]")));

    public FlowchartBuilder Join(string id, string mode) =>
        Activity(id, "Elsa.FlowJoin", ("mode", In.Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode")));

    public FlowchartBuilder Delay(string id, JsonObject timeSpan) => Activity(id, "Elsa.Delay", ("timeSpan", timeSpan));

    public FlowchartBuilder Delay(string id, string timeSpan) => Delay(id, In.Literal(timeSpan, "TimeSpan"));

    public FlowchartBuilder StartAt(string id, DateTimeOffset at) => Activity(id, "Elsa.StartAt", ("dateTime", In.Literal(at.ToString("O"), "DateTimeOffset")));

    public FlowchartBuilder Event(string id, string eventName, string? correlationId = null) => correlationId is null
        ? Activity(id, "Elsa.Event", ("eventName", In.Literal(eventName)))
        : Activity(id, "Elsa.Event", ("eventName", In.Literal(eventName)), ("correlationId", In.Literal(correlationId)));

    public FlowchartBuilder PublishEvent(string id, string eventName, string? correlationId = null, JsonObject? payload = null)
    {
        var properties = new List<(string, JsonNode?)> { ("eventName", In.Literal(eventName)) };
        if (correlationId is not null)
            properties.Add(("correlationId", In.Literal(correlationId)));
        if (payload is not null)
            properties.Add(("payload", payload));
        return Activity(id, "Elsa.PublishEvent", [.. properties]);
    }

    public FlowchartBuilder HumanTask(string id, string candidateGroup, params string[] outcomes) =>
        HumanTask(id, candidateGroup, outcomes, []);

    public FlowchartBuilder HumanTask(string id, string candidateGroup, string[] outcomes, params (string Name, JsonNode? Value)[] more) =>
        Activity(id, HumanTaskActivity.Type,
        [
            ("title", In.Literal($"Task {id}")),
            ("candidateGroup", In.Literal(candidateGroup)),
            ("outcomes", In.Literal(new JsonArray([.. outcomes.Select(o => (JsonNode)o)]), "String[]")),
            .. more,
        ]);

    public FlowchartBuilder Connect(string source, string target, string port = "Done", string targetPort = "In")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = targetPort },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    /// <summary>Connects each activity's Done port to the next.</summary>
    public FlowchartBuilder Chain(params string[] ids)
    {
        for (var i = 1; i < ids.Length; i++)
            Connect(ids[i - 1], ids[i]);
        return this;
    }

    public JsonObject BuildObject() => new()
    {
        ["id"] = $"{DefinitionId}-v1",
        ["definitionId"] = DefinitionId,
        ["name"] = name ?? DefinitionId,
        ["version"] = 1,
        ["isLatest"] = true,
        ["isPublished"] = false,
        ["variables"] = _variables.DeepClone(),
        ["options"] = new JsonObject { ["autoUpdateConsumingWorkflows"] = false },
        ["root"] = new JsonObject
        {
            ["id"] = "Flowchart1",
            ["nodeId"] = "Workflow1:Flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = _activities.DeepClone(),
            ["connections"] = _connections.DeepClone(),
        },
    };

    public string Build() => BuildObject().ToJsonString();
}
