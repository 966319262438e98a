using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Definitions;

public sealed class WorkflowJsonRoundTripTests
{
    private static JsonNode File(string name) => JsonNode.Parse(WorkflowFiles.Read($"RoundTrip/{name}"))!;

    private static JsonNode RoundTrip(string name) => JsonNode.Parse(WorkflowJson.Write(WorkflowJson.Parse(WorkflowFiles.Read($"RoundTrip/{name}"))))!;

    [Theory]
    [InlineData("elsa-export.json")]
    [InlineData("unknown-activity.json")]
    public void LoadThenWrite_GivesSemanticallyEqualJson(string file)
    {
        RoundTrip(file).ShouldBeSemanticallyEqualTo(File(file));
    }

    [Fact]
    public void LoadThenWrite_IsStableWhenRepeated()
    {
        var once = WorkflowJson.Write(WorkflowJson.Parse(WorkflowFiles.Read("RoundTrip/elsa-export.json")));
        var twice = WorkflowJson.Write(WorkflowJson.Parse(once));
        twice.ShouldBe(once);
    }

    [Fact]
    public void ElsaExport_IsReadIntoActivitiesConnectionsAndVariables()
    {
        var document = WorkflowJson.Parse(WorkflowFiles.Read("RoundTrip/elsa-export.json"));

        document.DefinitionId.ShouldBe("complaint-intake");
        document.Name.ShouldBe("投诉受理");
        document.Activities.Select(a => a.Id).ShouldBe(["start1", "log1", "handle1", "decide1", "end1"]);
        document.Variables.Select(v => v.Name).ShouldBe(["Approved", "Department"]);
        document.Find("handle1")!.GetInput("candidateGroup").ShouldBe(new InputExpression("String", "Variable", "Department"), new InputExpressionComparer());
        document.Outbound("handle1", "Return").Single().Target.ShouldBe(new Endpoint("handle1", "In"));
        document.Inbound("handle1").Select(c => $"{c.Source.Activity}:{c.Source.Port}").ShouldBe(["log1:Done", "handle1:Return", "decide1:False"], ignoreOrder: true);
    }

    [Fact]
    public void LegacyFlatConnections_WriteAsTheirNestedCounterpart()
    {
        RoundTrip("legacy-connections.json").ShouldBeSemanticallyEqualTo(File("legacy-connections.nested.json"));
    }

    [Fact]
    public void LegacyFlatConnections_ReadTheSameGraphAsTheNestedForm()
    {
        var legacy = WorkflowJson.Parse(WorkflowFiles.Read("RoundTrip/legacy-connections.json"));
        var nested = WorkflowJson.Parse(WorkflowFiles.Read("RoundTrip/legacy-connections.nested.json"));

        legacy.Connections.ShouldBe(nested.Connections);
        legacy.Connections.Select(c => $"{c.Source.Activity}:{c.Source.Port}->{c.Target.Activity}:{c.Target.Port}")
            .ShouldBe(["start:Done->decide:In", "decide:True->yes:In", "decide:False->no:In"]);
    }

    [Fact]
    public void LegacyFlatConnection_WithoutPorts_DefaultsToDoneAndIn()
    {
        var json = new FlowchartBuilder("ports").Start().WriteLine("log", "x").BuildObject();
        json["root"]!["connections"] = new JsonArray(new JsonObject { ["source"] = "start", ["target"] = "log" });

        var document = WorkflowJson.Parse(json.ToJsonString());

        document.Connections.Single().ShouldBe(new Connection(new Endpoint("start", "Done"), new Endpoint("log", "In")));
    }

    [Fact]
    public void UnknownActivityTypeAndProperties_SurviveUnchanged()
    {
        var original = File("unknown-activity.json");
        var written = RoundTrip("unknown-activity.json");

        written["acmeAudit"].ShouldBeSemanticallyEqualTo(original["acmeAudit"]);
        written["root"]!["layout"].ShouldBeSemanticallyEqualTo(original["root"]!["layout"]);
        written["variables"]![0]!["x-mask"]!.GetValue<bool>().ShouldBeTrue();
        var sms = written["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "sms");
        sms.ShouldBeSemanticallyEqualTo(original["root"]!["activities"]![1]);
        written["root"]!["connections"]![0]!["label"]!.GetValue<string>().ShouldBe("go");
    }

    [Fact]
    public async Task UnknownActivityType_SurvivesSavingAsADraft()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var original = File("unknown-activity.json");

        var draft = await host.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitionService>()
            .SaveDraftAsync(WorkflowFiles.Read("RoundTrip/unknown-activity.json"), null, "admin", default));
        var stored = await host.QueryAsync(async db => await db.Set<Persistence.WorkflowDefinitionVersion>().FindAsync(draft.Id));

        var saved = JsonNode.Parse(stored!.Json)!;
        saved["root"].ShouldBeSemanticallyEqualTo(original["root"]);
        saved["acmeAudit"].ShouldBeSemanticallyEqualTo(original["acmeAudit"]);
    }

    [Fact]
    public void SemanticComparer_IgnoresKeyOrderButNotArrayOrderOrValues()
    {
        JsonSemantics.FirstDifference(JsonNode.Parse("""{"a":1,"b":[1,2]}"""), JsonNode.Parse("""{"b":[1,2],"a":1.0}""")).ShouldBeNull();
        JsonSemantics.FirstDifference(JsonNode.Parse("""{"b":[1,2]}"""), JsonNode.Parse("""{"b":[2,1]}""")).ShouldBe("$.b[0]: expected 1, got 2");
        JsonSemantics.FirstDifference(JsonNode.Parse("""{"a":"1"}"""), JsonNode.Parse("""{"a":1}""")).ShouldNotBeNull();
        JsonSemantics.FirstDifference(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse("""{"a":1,"c":null}""")).ShouldBe("$.c: unexpected");
        JsonSemantics.FirstDifference(JsonNode.Parse("""{"a":{"x":null}}"""), JsonNode.Parse("""{"a":{}}""")).ShouldBe("$.a.x: missing");
    }

    private sealed class InputExpressionComparer : IEqualityComparer<InputExpression>
    {
        public bool Equals(InputExpression? x, InputExpression? y) =>
            x?.TypeName == y?.TypeName && x?.Type == y?.Type && JsonNode.DeepEquals(x?.Value, y?.Value);

        public int GetHashCode(InputExpression obj) => obj.Type.GetHashCode(StringComparison.Ordinal);
    }
}
