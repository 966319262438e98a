using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Tests;
using CaseHub.Web.Features.Workflows;

namespace CaseHub.Web.Tests.Workflows;

/// <summary>The designer's definition actions (issue 6 §1, §4, §6): revert, clone, import over a draft, and counts per activity.</summary>
public abstract class DesignerDefinitionTests(DatabaseProvider provider) : AppTest(provider)
{
    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private static FlowchartBuilder Saying(string id, string text) =>
        new FlowchartBuilder(id).Start().WriteLine("say", text).End().Chain("start", "say", "end");

    private async Task<VersionSummary> SaveDraftAsync(string definitionId, string json, long? ifMatch = null)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/workflows/definitions/{definitionId}/draft") { Content = JsonBody(json) };
        if (ifMatch is { } etag)
            put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{etag}\""));
        return await (await Admin.SendAsync(put)).ReadAsync<VersionSummary>();
    }

    private async Task PublishAsync(string definitionId, string json)
    {
        var draft = await SaveDraftAsync(definitionId, json);
        (await Admin.PostAsync($"/api/workflows/definitions/{definitionId}/publish", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        draft.Status.ShouldBe("Draft");
    }

    private async Task<JsonObject> DraftAsync(string definitionId) =>
        JsonNode.Parse(await (await Admin.GetAsync($"/api/workflows/definitions/{definitionId}/draft")).Content.ReadAsStringAsync())!.AsObject();

    private static string TextOf(JsonObject definition) =>
        (string)definition["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "say")!["text"]!["expression"]!["value"]!;

    private Task<HttpResponseMessage> RevertAsync(string definitionId, int version, long? ifMatch = null)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/definitions/{definitionId}/versions/{version}/revert");
        if (ifMatch is { } etag)
            post.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{etag}\""));
        return Admin.SendAsync(post);
    }

    [Fact]
    public async Task Revert_CopiesAnOlderVersionIntoTheDraft_AndOverwritesADraftOnlyWithItsETag()
    {
        await PublishAsync("greeting", Saying("greeting", "v1").Build());
        await PublishAsync("greeting", Saying("greeting", "v2").Build());

        var draft = await (await RevertAsync("greeting", 1)).ReadAsync<VersionSummary>();
        draft.Version.ShouldBe(3);
        draft.Status.ShouldBe("Draft");
        TextOf(await DraftAsync("greeting")).ShouldBe("v1");

        await (await RevertAsync("greeting", 2)).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await RevertAsync("greeting", 2, draft.RowVersion + 1)).ReadProblemAsync(HttpStatusCode.Conflict);
        var again = await (await RevertAsync("greeting", 2, draft.RowVersion)).ReadAsync<VersionSummary>();
        again.Version.ShouldBe(3);
        TextOf(await DraftAsync("greeting")).ShouldBe("v2");

        var self = await (await RevertAsync("greeting", 3, again.RowVersion)).ReadProblemAsync(HttpStatusCode.BadRequest);
        self.GetProperty("errors").TryGetProperty("version", out _).ShouldBeTrue();
        (await RevertAsync("greeting", 9)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Clone_MakesANewDefinitionsDraft_FromTheSourcesDraftOrVersion_AndRefusesATakenId()
    {
        await PublishAsync("greeting", Saying("greeting", "v1").Build());
        await SaveDraftAsync("greeting", Saying("greeting", "draft").Build());

        var copy = await (await Admin.PostJsonAsync("/api/workflows/definitions/greeting/clone", new { newDefinitionId = "greeting-copy", name = "问候（副本）" }))
            .ReadAsync<VersionSummary>(HttpStatusCode.Created);
        (copy.DefinitionId, copy.Version, copy.Status, copy.Name).ShouldBe(("greeting-copy", 1, "Draft", "问候（副本）"));
        var json = await DraftAsync("greeting-copy");
        ((string?)json["definitionId"]).ShouldBe("greeting-copy");
        TextOf(json).ShouldBe("draft");

        await (await Admin.PostJsonAsync("/api/workflows/definitions/greeting/clone", new { newDefinitionId = "from-v1", version = 1 })).ReadAsync<VersionSummary>(HttpStatusCode.Created);
        TextOf(await DraftAsync("from-v1")).ShouldBe("v1");

        await (await Admin.PostJsonAsync("/api/workflows/definitions/greeting/clone", new { newDefinitionId = "greeting-copy" })).ReadProblemAsync(HttpStatusCode.Conflict);
        var missing = await (await Admin.PostJsonAsync("/api/workflows/definitions/greeting/clone", new { name = "x" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").TryGetProperty("newDefinitionId", out _).ShouldBeTrue();
        (await Admin.PostJsonAsync("/api/workflows/definitions/nothing/clone", new { newDefinitionId = "y" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ImportingAnExistingId_Conflicts_UnlessAskedToReplaceTheDraft()
    {
        await PublishAsync("greeting", Saying("greeting", "v1").Build());

        await (await Admin.PostAsync("/api/workflows/definitions", JsonBody(Saying("greeting", "imported").Build()))).ReadProblemAsync(HttpStatusCode.Conflict);
        var draft = await (await Admin.PostAsync("/api/workflows/definitions?replaceDraft=true", JsonBody(Saying("greeting", "imported").Build()))).ReadAsync<VersionSummary>();
        draft.Version.ShouldBe(2);
        TextOf(await DraftAsync("greeting")).ShouldBe("imported");

        // Over an existing draft, the import needs the draft's ETag, as saving does.
        await (await Admin.PostAsync("/api/workflows/definitions?replaceDraft=true", JsonBody(Saying("greeting", "again").Build()))).ReadProblemAsync(HttpStatusCode.Conflict);
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/definitions?replaceDraft=true") { Content = JsonBody(Saying("greeting", "again").Build()) };
        post.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{draft.RowVersion}\""));
        (await Admin.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.OK);
        TextOf(await DraftAsync("greeting")).ShouldBe("again");
    }

    [Fact]
    public async Task ActivityCounts_SayHowManyLiveInstancesWaitOrFaultedAtEachActivity_PerVersionOrAll()
    {
        FlowchartBuilder Flow(string span) => new FlowchartBuilder("counted").Variable("span", span, "String")
            .Start().Fork("fork", "A", "B").HumanTask("check", "checkers", "Done").Delay("wait", In.Variable("span", "TimeSpan")).End()
            .Connect("start", "fork").Connect("fork", "check", "A").Connect("fork", "wait", "B").Connect("check", "end").Connect("wait", "end");
        await PublishAsync("counted", Flow("01:00:00").Build());
        for (var i = 0; i < 2; i++)
            (await Admin.PostJsonAsync("/api/workflows/instances", new { definitionId = "counted" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await PublishAsync("counted", Flow("not a duration").Build());
        (await Admin.PostJsonAsync("/api/workflows/instances", new { definitionId = "counted" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var all = await (await Admin.GetAsync("/api/workflows/definitions/counted/activity-counts")).ReadAsync<List<ActivityCount>>();
        all.ShouldBe([new ActivityCount("check", 3, 0), new ActivityCount("wait", 2, 1)]);
        var v2 = await (await Admin.GetAsync("/api/workflows/definitions/counted/activity-counts?version=2")).ReadAsync<List<ActivityCount>>();
        v2.ShouldBe([new ActivityCount("check", 1, 0), new ActivityCount("wait", 0, 1)]);
        (await (await Admin.GetAsync("/api/workflows/definitions/nothing/activity-counts")).ReadAsync<List<ActivityCount>>()).ShouldBeEmpty();
    }
}

public sealed class DesignerDefinitionTests_Sqlite() : DesignerDefinitionTests(DatabaseProvider.Sqlite);

public sealed class DesignerDefinitionTests_Postgres() : DesignerDefinitionTests(DatabaseProvider.Postgres);
