using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Workflows;

/// <summary>The engine's HTTP API on a fresh database per test, once per provider.</summary>
public abstract class WorkflowApiTests(DatabaseProvider provider) : AppTest(provider)
{
    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<VersionSummary> PublishAsync(FlowchartBuilder flow) => Admin.PublishAsync(flow.Build());

    private async Task<InstanceDto> StartAsync(string definitionId, string? correlationId = null) =>
        await (await Admin.PostJsonAsync("/api/workflows/instances", new StartInstanceRequest(definitionId, null, null, correlationId))).ReadAsync<InstanceDto>(HttpStatusCode.Created);

    private async Task<TaskDto> OnlyOpenTaskAsync(string candidateGroup)
    {
        var page = await (await Admin.GetAsync($"/api/tasks?candidateGroup={candidateGroup}")).ReadAsync<PagedResult<TaskDto>>();
        return page.Items.ShouldHaveSingleItem();
    }

    private async Task<InstanceDto> InstanceAsync(Guid id) => await (await Admin.GetAsync($"/api/workflows/instances/{id}")).ReadAsync<InstanceDto>();

    private async Task<List<JournalEntryDto>> JournalAsync(Guid id) => await (await Admin.GetAsync($"/api/workflows/instances/{id}/journal")).ReadAsync<List<JournalEntryDto>>();

    [Fact]
    public async Task WorkingTimeDurations_CountOnTheCentresCalendar_AndClockDurationsAroundTheClock()
    {
        // Monday 09:00 in Beijing; office hours 09:00-12:00 and 13:30-17:30, so a working day is 7 hours.
        var flow = new FlowchartBuilder("working-time").Start()
            .HumanTask("working", "q-working", ["Done"], ("dueIn", In.Literal("4 working hours", "TimeSpan")))
            .HumanTask("clock", "q-clock", ["Done"], ("dueIn", In.Literal("04:00:00", "TimeSpan")))
            .Delay("wait", "1.5 working days")
            .Fork("fork", "working", "clock", "wait").End()
            .Connect("start", "fork").Connect("fork", "working", "working").Connect("fork", "clock", "clock").Connect("fork", "wait", "wait")
            .Connect("working", "end").Connect("clock", "end").Connect("wait", "end");
        await PublishAsync(flow);

        var instance = await StartAsync("working-time");

        var beijing = TimeSpan.FromHours(8);
        (await OnlyOpenTaskAsync("q-working")).DueAt.ShouldBe(new DateTimeOffset(2025, 3, 3, 14, 30, 0, beijing)); // 3 h before lunch, 1 h after
        (await OnlyOpenTaskAsync("q-clock")).DueAt.ShouldBe(new DateTimeOffset(2025, 3, 3, 13, 0, 0, beijing));
        await using var db = App.NewDbContext();
        (await db.Set<WorkflowTimer>().SingleAsync(t => t.InstanceId == instance.Id)).DueAt
            .ShouldBe(new DateTimeOffset(2025, 3, 4, 14, 0, 0, beijing)); // Monday's 7 h, then 3.5 h on Tuesday
    }

    [Fact]
    public async Task ADurationThatIsNotOne_IsAValidationErrorOnItsField()
    {
        var flow = new FlowchartBuilder("bad-duration").Start().Delay("wait", "3 workdays").End().Chain("start", "wait", "end");

        (await Admin.PostAsync("/api/workflows/definitions", JsonBody(flow.Build()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var errors = (await (await Admin.PostAsync("/api/workflows/definitions/bad-duration/publish", null)).ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.EnumerateObject().Single().Name.ShouldBe("wait.timeSpan");
        errors.GetProperty("wait.timeSpan")[0].GetString()!.ShouldContain("working days");
    }

    [Fact]
    public async Task ShippedWorkflow_IsImportedOnFirstStart_AndNotAgainOnRestart()
    {
        var first = await (await Admin.GetAsync("/api/workflows/definitions/approval-with-timeout/versions")).ReadAsync<List<VersionSummary>>();
        first.ShouldHaveSingleItem().Status.ShouldBe("Published");

        await using var restarted = new CaseHubApp(Database);
        var again = await (await restarted.ClientFor("admin").GetAsync("/api/workflows/definitions/approval-with-timeout/versions")).ReadAsync<List<VersionSummary>>();
        again.Select(v => v.Id).ShouldBe(first.Select(v => v.Id));
    }

    [Fact]
    public async Task ChangedWorkflowFile_IsImportedAsANewVersion_KeepingTheOld()
    {
        var folder = Directory.CreateTempSubdirectory("casehub-workflows-").FullName;
        try
        {
            var flow = new FlowchartBuilder("file-flow").Start().WriteLine("say", "v1").End().Chain("start", "say", "end");
            await File.WriteAllTextAsync(Path.Combine(folder, "file-flow.json"), flow.Build());
            var settings = new Dictionary<string, string?> { ["Workflows:Folder"] = folder };
            await using (var first = new CaseHubApp(Database, settings: settings))
                (await first.ClientFor("admin").GetAsync("/api/workflows/definitions")).StatusCode.ShouldBe(HttpStatusCode.OK);

            var changed = new FlowchartBuilder("file-flow").Start().WriteLine("say", "v2").End().Chain("start", "say", "end");
            await File.WriteAllTextAsync(Path.Combine(folder, "file-flow.json"), changed.Build());
            await using var second = new CaseHubApp(Database, settings: settings);
            var versions = await (await second.ClientFor("admin").GetAsync("/api/workflows/definitions/file-flow/versions")).ReadAsync<List<VersionSummary>>();

            versions.Select(v => v.Version).ShouldBe([2, 1]);
            versions.ShouldAllBe(v => v.Status == "Published");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task SavingADraft_WithAStaleETag_Returns409_AndKeepsTheNewerDraft()
    {
        var flow = new FlowchartBuilder("drafty").Start().End().Chain("start", "end");
        var created = await Admin.PostAsync("/api/workflows/definitions", JsonBody(flow.Build()));
        var staleETag = created.Headers.ETag!;
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var firstSave = new HttpRequestMessage(HttpMethod.Put, "/api/workflows/definitions/drafty/draft") { Content = JsonBody(new FlowchartBuilder("drafty", "first edit").Start().End().Chain("start", "end").Build()) };
        firstSave.Headers.IfMatch.Add(staleETag);
        (await Admin.SendAsync(firstSave)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var secondSave = new HttpRequestMessage(HttpMethod.Put, "/api/workflows/definitions/drafty/draft") { Content = JsonBody(new FlowchartBuilder("drafty", "lost edit").Start().End().Chain("start", "end").Build()) };
        secondSave.Headers.IfMatch.Add(staleETag);
        await (await Admin.SendAsync(secondSave)).ReadProblemAsync(HttpStatusCode.Conflict);

        var draft = JsonNode.Parse(await Admin.GetStringAsync("/api/workflows/definitions/drafty/draft"))!;
        ((string?)draft["name"]).ShouldBe("first edit");
    }

    [Fact]
    public async Task Publishing_AnInvalidDraft_Returns400NamingTheActivityAndField_AndPublishesNothing()
    {
        var flow = new FlowchartBuilder("broken").Start().Activity("mystery", "Acme.Unknown").End().Chain("start", "mystery", "end");
        (await Admin.PostAsync("/api/workflows/definitions", JsonBody(flow.Build()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var problem = await (await Admin.PostAsync("/api/workflows/definitions/broken/publish", null)).ReadProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("mystery.type", out var messages).ShouldBeTrue(problem.ToString());
        messages[0].GetString()!.ShouldContain("Acme.Unknown");
        var versions = await (await Admin.GetAsync("/api/workflows/definitions/broken/versions")).ReadAsync<List<VersionSummary>>();
        versions.ShouldHaveSingleItem().Status.ShouldBe("Draft");
    }

    [Fact]
    public async Task MalformedDefinitionJson_Returns400_AndWritesNothing()
    {
        var problem = await (await Admin.PostAsync("/api/workflows/definitions", JsonBody("{ \"definitionId\": \"x\", \"root\": "))).ReadProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();

        var wrongType = await Admin.PostAsync("/api/workflows/definitions", new StringContent("{}", Encoding.UTF8, "text/plain"));
        (await wrongType.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Content-Type", out _).ShouldBeTrue();

        await using var db = App.NewDbContext();
        (await db.Set<WorkflowDefinitionVersion>().CountAsync(v => v.DefinitionId == "x")).ShouldBe(0);
    }

    [Fact]
    public async Task StartingAnInstance_ThenCompletingItsTask_FinishesIt_AndCancelsTheTimeoutTimer()
    {
        var instance = await StartAsync("approval-with-timeout");
        instance.Status.ShouldBe("Suspended");
        instance.Waiting.Select(w => w.Kind).Order().ShouldBe(["Task", "Timer"]);

        var task = await OnlyOpenTaskAsync("approvers");
        task.Outcomes.ShouldBe(["Approved", "Rejected"]);
        task.DueAt.ShouldBe(App.Time.GetUtcNow().AddDays(2));
        var done = await (await App.ClientFor("li.si").PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("Approved", new JsonObject { ["comment"] = "同意" }))).ReadAsync<TaskDto>();

        done.Status.ShouldBe("Completed");
        done.CompletedBy.ShouldBe("li.si");
        (await InstanceAsync(instance.Id)).Status.ShouldBe("Finished");
        var journal = await JournalAsync(instance.Id);
        journal.ShouldContain(j => j.ActivityId == "approve" && j.Event == "Resumed" && j.Outcome == "Approved" && j.Actor == "li.si");
        journal.ShouldContain(j => j.ActivityId == "timeout" && j.Event == "Cancelled");
        journal.Last().ActivityId.ShouldBe("finish");
        await using var db = App.NewDbContext();
        (await db.Set<WorkflowTimer>().CountAsync(t => t.InstanceId == instance.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task ClaimingATaskHeldByAnotherUser_Returns409_NamingTheHolder()
    {
        await StartAsync("approval-with-timeout");
        var task = await OnlyOpenTaskAsync("approvers");
        (await App.ClientFor("zhang.san").PostAsync($"/api/tasks/{task.Id}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var problem = await (await App.ClientFor("li.si").PostAsync($"/api/tasks/{task.Id}/claim", null)).ReadProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString()!.ShouldContain("zhang.san");
        (await App.ClientFor("li.si").PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("Approved", null))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.ClientFor("zhang.san").PostAsync($"/api/tasks/{task.Id}/release", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ClientFor("li.si").PostAsync($"/api/tasks/{task.Id}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CompletingWithAnOutcomeTheTaskDoesNotHave_Returns400NamingOutcome()
    {
        var instance = await StartAsync("approval-with-timeout");
        var task = await OnlyOpenTaskAsync("approvers");

        var problem = await (await Admin.PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("Maybe", null))).ReadProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("outcome")[0].GetString()!.ShouldContain("Approved");
        (await InstanceAsync(instance.Id)).Status.ShouldBe("Suspended");
    }

    [Fact]
    public async Task ReassigningATask_MovesItToTheNewQueue()
    {
        await StartAsync("approval-with-timeout");
        var task = await OnlyOpenTaskAsync("approvers");

        var moved = await (await Admin.PostJsonAsync($"/api/tasks/{task.Id}/reassign", new ReassignTaskRequest("district-office", "wang.wu"))).ReadAsync<TaskDto>();

        moved.CandidateGroup.ShouldBe("district-office");
        moved.Assignee.ShouldBe("wang.wu");
        (await OnlyOpenTaskAsync("district-office")).Id.ShouldBe(task.Id);
    }

    [Fact]
    public async Task TwoHundredParallelCompletionsOfOneTask_GiveExactlyOneSuccess_AndConflictsForTheRest()
    {
        var instance = await StartAsync("approval-with-timeout");
        var task = await OnlyOpenTaskAsync("approvers");
        var clients = Enumerable.Range(0, 200).Select(i => App.ClientFor($"user{i}")).ToList();

        var responses = await Task.WhenAll(clients.Select(c => c.PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("Approved", null))));

        var codes = responses.Select(r => r.StatusCode).ToList();
        codes.Count(c => c == HttpStatusCode.OK).ShouldBe(1, string.Join(",", codes.GroupBy(c => c).Select(g => $"{g.Key}:{g.Count()}")));
        codes.Count(c => c == HttpStatusCode.Conflict).ShouldBe(199);
        var journal = await JournalAsync(instance.Id);
        journal.Count(j => j.ActivityId == "approve" && j.Event == "Resumed").ShouldBe(1);
        journal.Count(j => j.ActivityId == "finish").ShouldBe(1);
    }

    [Fact]
    public async Task PublishingV2_LeavesARunningV1InstanceOnV1()
    {
        var v1 = new FlowchartBuilder("pinned").Start().HumanTask("wait", "pinners", "Done").WriteLine("say", "from v1").End().Chain("start", "wait", "say", "end");
        await PublishAsync(v1);
        var instance = await StartAsync("pinned");

        var v2 = new FlowchartBuilder("pinned").Start().HumanTask("wait", "pinners", "Done").WriteLine("say", "from v2").End().Chain("start", "wait", "say", "end");
        var draft = await (await Admin.PutAsync("/api/workflows/definitions/pinned/draft", JsonBody(v2.Build()))).ReadAsync<VersionSummary>();
        (await Admin.PostAsync("/api/workflows/definitions/pinned/publish", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        draft.Version.ShouldBe(2);

        var task = await OnlyOpenTaskAsync("pinners");
        (await Admin.PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("Done", null))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var journal = await JournalAsync(instance.Id);
        journal.Single(j => j.ActivityId == "say" && j.Event == "Log").Message.ShouldBe("from v1");
        (await InstanceAsync(instance.Id)).DefinitionVersion.ShouldBe(1);
        var fresh = await StartAsync("pinned");
        fresh.DefinitionVersion.ShouldBe(2);
    }

    [Fact]
    public async Task PublishingAnEvent_ResumesOnlyInstancesWaitingForItsCorrelationId()
    {
        var flow = new FlowchartBuilder("waits").Start().Event("paid", "payment-received", correlationId: "order-1").End().Chain("start", "paid", "end");
        await PublishAsync(flow);
        var waiting = await StartAsync("waits");

        var other = await (await Admin.PostJsonAsync("/api/workflows/events/payment-received", new PublishEventRequest("order-2", null))).ReadAsync<JsonObject>();
        ((int?)other["resumed"]).ShouldBe(0);
        (await InstanceAsync(waiting.Id)).Status.ShouldBe("Suspended");

        var matching = await (await Admin.PostJsonAsync("/api/workflows/events/payment-received", new PublishEventRequest("order-1", JsonValue.Create(42)))).ReadAsync<JsonObject>();
        ((int?)matching["resumed"]).ShouldBe(1);
        (await InstanceAsync(waiting.Id)).Status.ShouldBe("Finished");
    }

    [Fact]
    public async Task CancellingAnInstance_CancelsItsTaskAndDeletesItsTimer()
    {
        var instance = await StartAsync("approval-with-timeout");

        var cancelled = await (await Admin.PostAsync($"/api/workflows/instances/{instance.Id}/cancel", null)).ReadAsync<InstanceDto>();

        cancelled.Status.ShouldBe("Cancelled");
        cancelled.Waiting.ShouldBeEmpty();
        await using var db = App.NewDbContext();
        (await db.Set<HumanTask>().SingleAsync(t => t.InstanceId == instance.Id)).Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await db.Set<WorkflowTimer>().CountAsync(t => t.InstanceId == instance.Id)).ShouldBe(0);
        (await Admin.PostAsync($"/api/workflows/instances/{instance.Id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AFaultingActivity_RecordsAnIncident_AndRetryingRunsItAgain()
    {
        var flow = new FlowchartBuilder("faulty").Variable("span", "not a duration", "String")
            .Start().Delay("wait", In.Variable("span", "TimeSpan")).End().Chain("start", "wait", "end");
        await PublishAsync(flow);
        var instance = await StartAsync("faulty");
        instance.Status.ShouldBe("Faulted");
        var incident = (await (await Admin.GetAsync($"/api/workflows/instances/{instance.Id}/incidents")).ReadAsync<List<IncidentDto>>()).ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("wait");
        incident.Message.ShouldContain("timeSpan");

        var retried = await (await Admin.PostAsync($"/api/workflows/instances/{instance.Id}/incidents/{incident.Id}/retry", null)).ReadAsync<InstanceDto>();

        // The cause is still there, so the retry faults again: the first incident is resolved and a new one is open.
        retried.Status.ShouldBe("Faulted");
        var incidents = await (await Admin.GetAsync($"/api/workflows/instances/{instance.Id}/incidents")).ReadAsync<List<IncidentDto>>();
        incidents.Count.ShouldBe(2);
        incidents.Single(i => i.Id == incident.Id).ResolvedBy.ShouldBe("admin");
        (await Admin.PostAsync($"/api/workflows/instances/{instance.Id}/incidents/{incident.Id}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UnknownIds_Return404_AndMissingUser_Returns401()
    {
        await (await Admin.GetAsync($"/api/workflows/instances/{Guid.NewGuid()}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostAsync($"/api/tasks/{Guid.NewGuid()}/claim", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostJsonAsync("/api/workflows/instances", new StartInstanceRequest("no-such-flow", null, null, null))).ReadProblemAsync(HttpStatusCode.NotFound);
        (await App.CreateClient().GetAsync("/api/tasks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ActivityDescriptors_DescribeEveryActivityTheHostRuns_InBothLanguages()
    {
        var descriptors = await (await Admin.GetAsync("/api/workflows/activity-descriptors")).ReadAsync<List<JsonObject>>();

        var types = descriptors.Select(d => (string?)d["typeName"]).ToList();
        types.ShouldBe(["Elsa.Delay", "Elsa.End", "Elsa.Event", "Elsa.Finish", "Elsa.FlowDecision", "Elsa.FlowFork", "Elsa.FlowJoin", "Elsa.FlowSwitch", "Elsa.PublishEvent",
            "Elsa.SetVariable", "Elsa.Start", "Elsa.StartAt", "Elsa.WriteLine", "CaseHub.HumanTask",
            "CaseHub.Locate", "CaseHub.Classify", "CaseHub.AutoDispatch", "CaseHub.ManualDispatch", "CaseHub.Handle", "CaseHub.Review",
            "CaseHub.SelfHandle", "CaseHub.Close", "CaseHub.DetectDuplicate", "CaseHub.Whistle", "CaseHub.Reply", "CaseHub.Callback"], ignoreOrder: true);
        descriptors.ShouldAllBe(d => !string.IsNullOrEmpty((string?)d["displayName"]!["zhCN"]) && !string.IsNullOrEmpty((string?)d["displayName"]!["enUS"]));
        var task = descriptors.Single(d => (string?)d["typeName"] == "CaseHub.HumanTask");
        ((string?)task["dynamicOutcomes"]!["input"]).ShouldBe("outcomes");
        task["inputs"]!.AsArray().Single(i => (string?)i!["name"] == "candidateGroup")!["required"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Exporting_APublishedVersion_GivesBackTheElsaJsonThatWasImported()
    {
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "approval-with-timeout.json")))!.AsObject();

        var response = await Admin.GetAsync("/api/workflows/definitions/approval-with-timeout/export");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("approval-with-timeout.json");
        var exported = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        // The store stamps the version's own id and publish flag; everything else comes back as it was.
        foreach (var key in new[] { "id", "isPublished" })
        {
            shipped.Remove(key);
            exported.Remove(key);
        }
        JsonNode.DeepEquals(shipped, exported).ShouldBeTrue(exported.ToJsonString());
    }

    [Fact]
    public async Task Health_ReportsTheDatabaseAndTheTimerWorker()
    {
        var health = JsonNode.Parse(await (await App.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync())!;

        ((string?)health["database"]!["status"]).ShouldBe("Healthy");
        ((string?)health["database"]!["provider"]).ShouldBe(Provider.ToString());
        ((bool?)health["timerWorker"]!["enabled"]).ShouldBe(false);
    }
}

public sealed class WorkflowApiTests_Sqlite() : WorkflowApiTests(DatabaseProvider.Sqlite);

public sealed class WorkflowApiTests_Postgres() : WorkflowApiTests(DatabaseProvider.Postgres);
