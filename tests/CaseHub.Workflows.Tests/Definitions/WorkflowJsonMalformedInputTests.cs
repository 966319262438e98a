using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Tests.Definitions;

public sealed class WorkflowJsonMalformedInputTests
{
    private const string Start = """{ "id": "start", "type": "Elsa.Start" }""";

    private static string Flowchart(string activities, string connections = "[]") =>
        $$"""{ "definitionId": "bad", "root": { "type": "Elsa.Flowchart", "activities": {{activities}}, "connections": {{connections}} } }""";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "not JSON", "{ \"definitionId\": ", "$" },
        { "an array", "[]", "$" },
        { "no root", """{ "definitionId": "bad" }""", "root" },
        { "root is a sequence", """{ "root": { "type": "Elsa.Sequence" } }""", "root.type" },
        { "root type is not text", """{ "root": { "type": { "name": "Elsa.Flowchart" } } }""", "root.type" },
        { "activities is not an array", """{ "root": { "type": "Elsa.Flowchart", "activities": { "start": {} } } }""", "root.activities" },
        { "connections is not an array", """{ "root": { "type": "Elsa.Flowchart", "activities": [], "connections": "start->end" } }""", "root.connections" },
        { "an activity is not an object", Flowchart($"[{Start}, 42]"), "root.activities[1]" },
        { "an activity has no id", Flowchart($$"""[{{Start}}, { "type": "Elsa.End" }]"""), "root.activities[1].id" },
        { "an activity id is a number", Flowchart("""[{ "id": 7, "type": "Elsa.Start" }]"""), "root.activities[0].id" },
        { "an activity has no type", Flowchart("""[{ "id": "start" }]"""), "root.activities[0].type" },
        { "an activity type is not text", Flowchart("""[{ "id": "start", "type": ["Elsa.Start"] }]"""), "root.activities[0].type" },
        { "a connection is not an object", Flowchart($"[{Start}]", "[\"start\"]"), "root.connections[0]" },
        { "a flat connection has no target", Flowchart($"[{Start}]", """[{ "source": "start", "sourcePort": "Done" }]"""), "root.connections[0].target" },
        { "a nested connection has no target", Flowchart($"[{Start}]", """[{ "source": { "activity": "start", "port": "Done" } }]"""), "root.connections[0].target" },
        { "a nested source has no activity", Flowchart($"[{Start}]", """[{ "source": { "port": "Done" }, "target": { "activity": "start" } }]"""), "root.connections[0].source.activity" },
        { "a source port is not text", Flowchart($"[{Start}]", """[{ "source": { "activity": "start", "port": 1 }, "target": { "activity": "start" } }]"""), "root.connections[0].source.port" },
        { "the definition id is not text", """{ "definitionId": 12, "root": { "type": "Elsa.Flowchart", "activities": [] } }""", "definitionId" },
        { "a variable name is not text", """{ "variables": [{ "name": 1 }], "root": { "type": "Elsa.Flowchart", "activities": [] } }""", "variables[0].name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedDefinition_ThrowsWorkflowFormatException_WithThePathOfTheBadPart(string because, string json, string path)
    {
        var error = Should.Throw<WorkflowFormatException>(() => WorkflowJson.Parse(json), because);

        error.Path.ShouldBe(path, because);
        error.Message.ShouldNotBeNullOrWhiteSpace();
    }
}
