using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Definitions;

/// <summary>Reads and writes Elsa-3 workflow definition JSON.</summary>
public static class WorkflowJson
{
    public const string FlowchartType = "Elsa.Flowchart";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="WorkflowFormatException">The text is not an Elsa-3 flowchart definition.</exception>
    public static WorkflowDocument Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new WorkflowFormatException(Bilingual.Text($"流程定义不是合法的 JSON{Bilingual.WhereJsonBroke(e, json)}。", $"The definition is not valid JSON: {e.Message}"), "$");
        }
        if (node is not JsonObject document)
            throw new WorkflowFormatException(Bilingual.Text("流程定义必须是一个 JSON 对象。", "The definition must be a JSON object."), "$");
        return Parse(document);
    }

    public static WorkflowDocument Parse(JsonObject document)
    {
        foreach (var name in (string[])["id", "definitionId", "name", "description"])
            Text(document[name], name);
        if (document["root"] is not JsonObject root)
            throw new WorkflowFormatException(Bilingual.Text("流程定义缺少“root”对象。", "The definition has no 'root' object."), "root");
        var rootType = Text(root["type"], "root.type");
        if (rootType != FlowchartType)
            throw new WorkflowFormatException(Bilingual.Text($"root 必须是“{FlowchartType}”，而不是“{rootType}”。", $"The root must be an '{FlowchartType}', not '{rootType}'."), "root.type");

        var activities = new List<ActivityNode>();
        if (ArrayOrNull(root["activities"], "root.activities") is { } activityArray)
        {
            for (var i = 0; i < activityArray.Count; i++)
            {
                if (activityArray[i] is not JsonObject activity)
                    throw new WorkflowFormatException(Bilingual.Text("每个活动都必须是 JSON 对象。", "Every activity must be a JSON object."), $"root.activities[{i}]");
                if (string.IsNullOrWhiteSpace(Text(activity["id"], $"root.activities[{i}].id")))
                    throw new WorkflowFormatException(Bilingual.Text("每个活动都必须有“id”。", "Every activity needs an 'id'."), $"root.activities[{i}].id");
                if (string.IsNullOrWhiteSpace(Text(activity["type"], $"root.activities[{i}].type")))
                    throw new WorkflowFormatException(Bilingual.Text("每个活动都必须有“type”。", "Every activity needs a 'type'."), $"root.activities[{i}].type");
                Text(activity["name"], $"root.activities[{i}].name");
                activities.Add(new ActivityNode(activity));
            }
        }

        var connections = new List<Connection>();
        if (ArrayOrNull(root["connections"], "root.connections") is { } connectionArray)
        {
            for (var i = 0; i < connectionArray.Count; i++)
                connections.Add(ReadConnection(connectionArray[i], $"root.connections[{i}]"));
        }

        var variables = ReadVariables(document["variables"], "variables").Concat(ReadVariables(root["variables"], "root.variables"))
            .GroupBy(v => v.Name).Select(g => g.First()).ToList();
        return new WorkflowDocument(document, root, activities, connections, variables);
    }

    /// <summary>
    /// Writes the definition back. Everything is kept as it was read, except that connections
    /// are written in the nested form Elsa 3 uses today.
    /// </summary>
    public static string Write(WorkflowDocument document, bool indented = true) =>
        Normalize(document).ToJsonString(indented ? Indented : new JsonSerializerOptions { Encoder = Indented.Encoder });

    public static JsonObject Normalize(WorkflowDocument document)
    {
        var copy = (JsonObject)document.Json.DeepClone();
        var root = (JsonObject)copy["root"]!;
        if (root["connections"] is JsonArray connections)
        {
            var normalized = new JsonArray();
            foreach (var item in connections)
                normalized.Add(NormalizeConnection(item!));
            root["connections"] = normalized;
        }
        return copy;
    }

    private static JsonObject NormalizeConnection(JsonNode item)
    {
        var connection = (JsonObject)item.DeepClone();
        if (connection["source"] is JsonObject)
            return connection;
        var c = ReadConnection(item, "");
        var result = new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = c.Source.Activity, ["port"] = c.Source.Port },
            ["target"] = new JsonObject { ["activity"] = c.Target.Activity, ["port"] = c.Target.Port },
        };
        foreach (var (key, value) in connection)
        {
            if (key is not ("source" or "target" or "sourcePort" or "targetPort" or "sourceId" or "targetId"))
                result[key] = value?.DeepClone();
        }
        return result;
    }

    private static Connection ReadConnection(JsonNode? node, string path)
    {
        if (node is not JsonObject connection)
            throw new WorkflowFormatException(Bilingual.Text("每条连线都必须是 JSON 对象。", "Every connection must be a JSON object."), path);
        if (connection["source"] is JsonObject || connection["target"] is JsonObject)
        {
            // The nested form: {source:{activity, port}, target:{activity, port}}.
            if (connection["source"] is not JsonObject source)
                throw new WorkflowFormatException(Bilingual.Text("连线有“target”对象，也必须有“source”对象。", "A connection needs a 'source' object like its 'target'."), $"{path}.source");
            if (connection["target"] is not JsonObject target)
                throw new WorkflowFormatException(Bilingual.Text("连线有“source”对象，也必须有“target”对象。", "A connection needs a 'target' object like its 'source'."), $"{path}.target");
            return new Connection(
                new Endpoint(Required(source["activity"], $"{path}.source.activity"), Text(source["port"], $"{path}.source.port") ?? "Done"),
                new Endpoint(Required(target["activity"], $"{path}.target.activity"), Text(target["port"], $"{path}.target.port") ?? Connection.InPort));
        }
        // The legacy flat form: {source, sourcePort, target, targetPort}.
        var sourceKey = connection.ContainsKey("sourceId") && !connection.ContainsKey("source") ? "sourceId" : "source";
        var targetKey = connection.ContainsKey("targetId") && !connection.ContainsKey("target") ? "targetId" : "target";
        return new Connection(
            new Endpoint(Required(connection[sourceKey], $"{path}.{sourceKey}"), Text(connection["sourcePort"], $"{path}.sourcePort") ?? "Done"),
            new Endpoint(Required(connection[targetKey], $"{path}.{targetKey}"), Text(connection["targetPort"], $"{path}.targetPort") ?? Connection.InPort));
    }

    private static string Required(JsonNode? node, string path)
    {
        var text = Text(node, path);
        return string.IsNullOrWhiteSpace(text) ? throw new WorkflowFormatException(Bilingual.Text("连线必须有起点活动和终点活动。", "A connection needs a source and a target activity."), path) : text;
    }

    /// <summary>The node's text, or null when it is absent; anything other than a string is a format error at <paramref name="path"/>.</summary>
    private static string? Text(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => throw new WorkflowFormatException(Bilingual.Text($"此处应为文本，实际为 {node.GetValueKind()}。", $"Expected text, found {node.GetValueKind()}."), path),
    };

    private static JsonArray? ArrayOrNull(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonArray array => array,
        _ => throw new WorkflowFormatException(Bilingual.Text($"此处应为数组，实际为 {node.GetValueKind()}。", $"Expected an array, found {node.GetValueKind()}."), path),
    };

    private static IEnumerable<VariableDefinition> ReadVariables(JsonNode? node, string path)
    {
        if (ArrayOrNull(node, path) is not { } array)
            return [];
        var variables = new List<VariableDefinition>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item)
                throw new WorkflowFormatException(Bilingual.Text("每个变量都必须是 JSON 对象。", "Every variable must be a JSON object."), $"{path}[{i}]");
            var name = Text(item["name"], $"{path}[{i}].name");
            if (!string.IsNullOrWhiteSpace(name))
                variables.Add(new VariableDefinition(name, Text(item["typeName"], $"{path}[{i}].typeName"), item["value"]?.DeepClone()));
        }
        return variables;
    }
}

/// <summary>The JSON is not a readable Elsa-3 flowchart. <see cref="Path"/> points at the bad part.</summary>
public sealed class WorkflowFormatException(string message, string path) : Exception(message)
{
    public string Path { get; } = path;
}
