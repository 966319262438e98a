using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Definitions;

/// <summary>One end of a connection: an activity and one of its ports.</summary>
public sealed record Endpoint(string Activity, string Port);

/// <summary>Links an outcome port of one activity to the input port of the next.</summary>
public sealed record Connection(Endpoint Source, Endpoint Target)
{
    public const string InPort = "In";
}

/// <summary>An input value in Elsa-3 form: <c>{typeName, expression:{type, value}}</c>.</summary>
public sealed record InputExpression(string? TypeName, string Type, JsonNode? Value)
{
    public const string Literal = "Literal";
    public const string Object = "Object";
    public const string Variable = "Variable";
    public const string JavaScript = "JavaScript";

    /// <summary>The expression's value as text, the way an editor shows it.</summary>
    public string? Text => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => Value.ToJsonString(),
    };

    public bool IsEmpty => Value is null || (Value is JsonValue v && v.TryGetValue(out string? s) && string.IsNullOrWhiteSpace(s));
}

public sealed record VariableDefinition(string Name, string? TypeName, JsonNode? DefaultValue);

/// <summary>
/// A node of the flowchart. The whole JSON object is kept, so that properties this
/// version of CaseHub does not know (or an activity type it does not know) survive a save.
/// </summary>
public sealed class ActivityNode(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string Id => (string?)Json["id"] ?? "";
    public string Type => (string?)Json["type"] ?? "";
    public string? Name => (string?)Json["name"];

    public JsonNode? GetProperty(string name) => Json.TryGetPropertyValue(name, out var node) ? node : null;

    /// <summary>The input named <paramref name="name"/>, or null when it is absent or not in expression form.</summary>
    public InputExpression? GetInput(string name)
    {
        if (GetProperty(name) is not JsonObject input || input["expression"] is not JsonObject expression)
            return null;
        return new InputExpression((string?)input["typeName"], (string?)expression["type"] ?? InputExpression.Literal, expression["value"]?.DeepClone());
    }
}

/// <summary>A parsed Elsa-3 workflow definition. <see cref="Json"/> is the source of truth.</summary>
public sealed class WorkflowDocument
{
    private readonly Dictionary<string, ActivityNode> _byId;
    private readonly ILookup<(string Activity, string Port), Connection> _outbound;
    private readonly ILookup<string, Connection> _inbound;

    internal WorkflowDocument(JsonObject json, JsonObject root, IReadOnlyList<ActivityNode> activities,
        IReadOnlyList<Connection> connections, IReadOnlyList<VariableDefinition> variables)
    {
        Json = json;
        Root = root;
        Activities = activities;
        Connections = connections;
        Variables = variables;
        _byId = activities.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First());
        _outbound = connections.ToLookup(c => (c.Source.Activity, c.Source.Port));
        _inbound = connections.ToLookup(c => c.Target.Activity);
    }

    public JsonObject Json { get; }
    public JsonObject Root { get; }
    public string DefinitionId => (string?)Json["definitionId"] ?? (string?)Json["id"] ?? "";
    public string Name => (string?)Json["name"] ?? DefinitionId;
    public string? Description => (string?)Json["description"];
    public IReadOnlyList<ActivityNode> Activities { get; }
    public IReadOnlyList<Connection> Connections { get; }
    public IReadOnlyList<VariableDefinition> Variables { get; }

    public ActivityNode? Find(string activityId) => _byId.GetValueOrDefault(activityId);
    public IEnumerable<Connection> Outbound(string activityId, string port) => _outbound[(activityId, port)];
    public IEnumerable<Connection> Inbound(string activityId) => _inbound[activityId];
    public IEnumerable<Connection> OutboundAll(string activityId) => Connections.Where(c => c.Source.Activity == activityId);
}
