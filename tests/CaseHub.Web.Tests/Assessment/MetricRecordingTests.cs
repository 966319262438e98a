using System.Net;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Assessment;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;

namespace CaseHub.Web.Tests.Assessment;

/// <summary>The shipped 接诉即办 flow records dispatches, returns and completions as it runs, and assessment counts them.</summary>
public abstract class MetricRecordingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?> { ["Intake:Workflows:*.Complaint"] = "standard-case" });
        _ = _app.Server;
        await AssessmentTestData.SeedAsync(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task CompleteAsync(string group, string outcome, JsonObject form)
    {
        var client = _app.ClientFor("agent");
        var page = await (await client.GetAsync($"/api/tasks?candidateGroup={Uri.EscapeDataString(group)}")).ReadAsync<PagedResult<TaskDto>>();
        var task = page.Items.ShouldHaveSingleItem();
        var response = await client.PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest(outcome, form));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ADispatchReturnRedispatchAndCompletion_AreCountedForTheirDepartments()
    {
        await (await _app.ClientFor("agent").PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了" }))
            .ReadAsync<CaseDto>(HttpStatusCode.Created);

        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        await CompleteAsync("dept:roads", "Returned", new JsonObject { ["reason"] = "不属于本单位职责" });
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "water" });
        await CompleteAsync("dept:water", "Completed", new JsonObject { ["result"] = "已补装井盖" });

        var report = await (await _app.ClientFor("supervisor").GetAsync("/api/assessment/metrics?dimension=department&from=2025-03-03&to=2025-03-03"))
            .ReadAsync<AssessmentReportDto>();
        var counts = report.Rows.ToDictionary(r => r.Code, r => r.Counts);
        (counts["roads"].Dispatched, counts["roads"].Returned, counts["roads"].Completed).ShouldBe((1, 1, 0));
        (counts["water"].Dispatched, counts["water"].Returned, counts["water"].Completed).ShouldBe((1, 0, 1));
        report.Rows.Single(r => r.Code == "roads").Rates.Return.ShouldBe(1.0);
    }

    [Fact]
    public async Task TheWholeFlowInTime_CountsEveryInTimeStageAndTheCallback_AndALateAcceptanceCountsItsCards()
    {
        var agent = _app.ClientFor("agent");
        var onTime = await (await agent.PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了" }))
            .ReadAsync<CaseDto>(HttpStatusCode.Created);
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        (await agent.PostAsync($"/api/cases/{onTime.Id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await CompleteAsync("dept:roads", "Completed", new JsonObject { ["result"] = "已补装井盖" });
        await CompleteAsync("review", "Approved", new JsonObject());
        await CompleteAsync("callback", "Satisfied", new JsonObject { ["resolved"] = true });

        var late = await (await agent.PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Complaint", title = "井盖松动", description = "井盖松动有响声" }))
            .ReadAsync<CaseDto>(HttpStatusCode.Created);
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        _app.Time.Advance(TimeSpan.FromHours(2.5)); // the 2 working hours to accept ran out at 11:00
        await _app.Service<CaseHub.Workflows.Timers.TimerDispatcher>().FireDueAsync();
        (await agent.PostAsync($"/api/cases/{late.Id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var report = await (await _app.ClientFor("supervisor").GetAsync("/api/assessment/metrics?dimension=department&from=2025-03-03&to=2025-03-03"))
            .ReadAsync<AssessmentReportDto>();
        var roads = report.Rows.Single(r => r.Code == "roads").Counts;
        (roads.Dispatched, roads.DispatchedInTime, roads.AcceptedInTime, roads.Completed, roads.CompletedOnTime).ShouldBe((2, 2, 1, 1, 1));
        (roads.CallbackAnswered, roads.Resolved, roads.Satisfied, roads.PartlySatisfied).ShouldBe((1, 1, 1, 0));
        (roads.BlueCard, roads.YellowCard, roads.RedCard).ShouldBe((1, 1, 0));
        report.Rows.Single(r => r.Code == "roads").Rates.Response.ShouldBe(0.5);
    }
}

public sealed class MetricRecordingTests_Sqlite() : MetricRecordingTests(DatabaseProvider.Sqlite);

public sealed class MetricRecordingTests_Postgres() : MetricRecordingTests(DatabaseProvider.Postgres);
