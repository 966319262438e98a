using System.Net;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Access;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Reply;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Cases;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;
using Counter = CaseHub.Cases.Features.Intake.Counter;

namespace CaseHub.Web.Tests.Workflows;

/// <summary>
/// The designer's dry-run (issue 6 §5) over HTTP on the shipped standard-case flow. The virtual case comes in on Monday
/// 2025-03-03 09:00 Beijing time as a complaint about item 0301, whose rule sends it to the district's roads department;
/// a complaint's limits are accept 2 working hours, first contact 7 and completion 15 working days, blue at 75 %, red 2
/// working days late.
/// </summary>
public abstract class DryRunTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Monday9 = At(3, 3, 9);
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;
    private OrgData _org = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?> { ["Intake:Workflows:*.Complaint"] = "standard-case" });
        _ = _app.Server;
        _org = await OrgData.SeedAsync(_app);
        await using var db = _app.NewDbContext();
        db.Add(new ResponsibilityRule { Id = Guid.NewGuid(), ItemId = _org.Manhole, OrgUnitId = _org.Street, DepartmentId = _org.Roads });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient Client => _app.ClientFor("wfadmin");

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, Beijing);

    private static object Sample => new { kind = "Complaint", itemCode = "0301", latitude = 30.275, longitude = 120.155, title = "井盖缺失" };

    private static object Choice(string activityId, string outcome, JsonObject? formData = null) => new { activityId, outcome, formData };

    private Task<HttpResponseMessage> DryRunAsync(params object[] choices) =>
        Client.PostJsonAsync("/api/workflows/definitions/standard-case/dry-run", new { sample = Sample, choices, startAt = Monday9 });

    private async Task<Dictionary<string, int>> RowCountsAsync()
    {
        await using var db = _app.NewDbContext();
        return new Dictionary<string, int>
        {
            ["cases"] = await db.Set<CaseEntity>().CountAsync(),
            ["workflow_instances"] = await db.Set<WorkflowInstance>().CountAsync(),
            ["human_tasks"] = await db.Set<HumanTask>().CountAsync(),
            ["workflow_timers"] = await db.Set<WorkflowTimer>().CountAsync(),
            ["workflow_journal"] = await db.Set<WorkflowJournalEntry>().CountAsync(),
            ["case_deadlines"] = await db.Set<CaseDeadline>().CountAsync(),
            ["audit_entries"] = await db.Set<AuditEntry>().CountAsync(),
            ["outbox"] = await db.Set<OutboxMessage>().CountAsync(),
            ["notifications"] = await db.Set<Notification>().CountAsync(),
            ["counters"] = await db.Set<Counter>().CountAsync(),
        };
    }

    [Fact]
    public async Task ASampleComplaint_IsDispatchedByTheItemsRule_WithItsDeadlinesAndCards_AndWaitsForTheDepartment()
    {
        var result = await (await DryRunAsync()).ReadAsync<DryRunResult>();

        result.Department.ShouldBe(new DryRunDepartment("roads", "区建设局"));
        result.Steps.Select(s => s.ActivityId).Distinct().ShouldBe(["start", "classify", "locate", "detect-duplicate", "auto-dispatch", "handle"]);
        result.Steps.Single(s => s.ActivityId == "auto-dispatch").Outcome.ShouldBe("Dispatched");
        var accept = result.Deadlines.Single(d => d.Stage == "Accept");
        (accept.BlueAt, accept.DueAt, accept.RedAt).ShouldBe((At(3, 3, 10, 30), At(3, 3, 11), At(3, 5, 11)));
        result.Deadlines.Single(d => d.Stage == "FirstContact").DueAt.ShouldBe(At(3, 3, 17, 30));
        var completion = result.Deadlines.Single(d => d.Stage == "Completion");
        completion.DueAt.ShouldBe(At(3, 21, 17, 30));
        completion.DepartmentCode.ShouldBe("roads");
        result.Cards.Count.ShouldBe(9); // three stages, three colours each, nobody acting
        result.Cards[0].ShouldBe(new DryRunCard("Blue", At(3, 3, 10, 30), "Accept"));
        result.Cards.ShouldContain(new DryRunCard("Yellow", At(3, 21, 17, 30), "Completion"));
        result.Cards.Select(c => c.At).ShouldBeInOrder();
        result.Waiting.ShouldNotBeNull();
        result.Waiting.ActivityId.ShouldBe("handle");
        result.Waiting.Kind.ShouldBe("task");
        result.Waiting.Outcomes.ShouldBe(["Completed", "Returned"]);
        result.Waiting.CandidateGroup.ShouldBe("dept:roads");
        result.Ended.ShouldBeFalse();
        result.Incidents.ShouldBeEmpty();
    }

    [Fact]
    public async Task Choices_DriveHandleToReview_AndALapsedCallbackClosesTheCase_OnTheVirtualClock()
    {
        var review = await (await DryRunAsync(Choice("handle", "Completed"))).ReadAsync<DryRunResult>();
        review.Waiting!.ActivityId.ShouldBe("review");
        review.Deadlines.Where(d => d.Stage != "Callback").ShouldAllBe(d => d.ClosedAt == At(3, 3, 9));

        var callback = await (await DryRunAsync(Choice("handle", "Completed"), Choice("review", "Approved"))).ReadAsync<DryRunResult>();
        callback.Waiting!.ActivityId.ShouldBe("callback");
        callback.Waits.ShouldContain(w => w.ActivityId == "callback" && w.Kind == "timer" && w.Outcomes.SequenceEqual(new[] { "@timer" }));

        var closed = await (await DryRunAsync(Choice("handle", "Completed"), Choice("review", "Approved"), Choice("callback", "@timer"))).ReadAsync<DryRunResult>();
        closed.Ended.ShouldBeTrue();
        closed.Waiting.ShouldBeNull();
        closed.EndedAt.ShouldBe(At(3, 6, 9)); // Callback:AutoCloseAfterDays = 3 natural days
        closed.Steps.Last().ActivityId.ShouldBe("end");
        closed.Steps.ShouldContain(s => s.ActivityId == "callback" && s.Outcome == "Closed");
    }

    [Fact]
    public async Task AReturn_GoesBackToManualDispatch_WhichNeedsADepartment_AndThenDispatchesThere()
    {
        var returned = await (await DryRunAsync(Choice("handle", "Returned"))).ReadAsync<DryRunResult>();
        returned.Waiting!.ActivityId.ShouldBe("manual-dispatch");
        returned.Waiting.Outcomes.ShouldBe(["Dispatched"]);
        returned.Steps.ShouldContain(s => s.ActivityId == "too-many-returns" && s.Outcome == "False");

        var missing = await (await DryRunAsync(Choice("handle", "Returned"), Choice("manual-dispatch", "Dispatched"))).ReadProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").TryGetProperty("choices[1].formData.departmentCode", out _).ShouldBeTrue(missing.ToString());

        var water = await (await DryRunAsync(Choice("handle", "Returned"), Choice("manual-dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "water" })))
            .ReadAsync<DryRunResult>();
        water.Department.ShouldBe(new DryRunDepartment("water", "区水务局"));
        water.Waiting!.ActivityId.ShouldBe("handle");
        water.Waiting.CandidateGroup.ShouldBe("dept:water");
    }

    [Fact]
    public async Task ADryRun_WritesNothing_NotEvenATrackingNumber()
    {
        // A real case first, so that the counters and audit tables are not trivially empty.
        (await _app.ClientFor("dispatcher").PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.GetAsync("/api/workflows/definitions")).StatusCode.ShouldBe(HttpStatusCode.OK); // the test user's staff record is written on first use
        var before = await RowCountsAsync();
        before["cases"].ShouldBe(1);

        (await DryRunAsync(Choice("handle", "Completed"), Choice("review", "Approved"), Choice("callback", "@timer"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await DryRunAsync(Choice("handle", "Returned"), Choice("manual-dispatch", "Dispatched"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await RowCountsAsync()).ShouldBe(before);
        // The same pooled contexts serve the next real request, which must still save.
        (await _app.ClientFor("dispatcher").PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "另一个路口" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("5.00:00:00", 8, 9, 0)] // a clock limit runs around the clock: Saturday 09:00
    [InlineData("5 working days", 7, 17, 30)] // working days skip nights: the end of Friday
    public async Task AnExistingCase_LendsItsFacts_AndAnEditedDefinitionRunsInsteadOfTheStoredOne(string handlingLimit, int dueDay, int dueHour, int dueMinute)
    {
        var real = await (await _app.ClientFor("dispatcher").PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了", itemCode = "0301", location = new { lat = 30.275, lng = 120.155 },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
        var definition = JsonNode.Parse(await (await Client.GetAsync("/api/workflows/definitions/standard-case/versions/1")).Content.ReadAsStringAsync())!.AsObject();
        // The admin's edit: a limit of their own on handling.
        var handle = definition["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "handle")!.AsObject();
        handle["dueIn"] = new JsonObject { ["typeName"] = "TimeSpan", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = handlingLimit } };

        var result = await (await Client.PostJsonAsync("/api/workflows/definitions/standard-case/dry-run",
            new { definition, sample = new { caseId = real.Id }, startAt = Monday9 })).ReadAsync<DryRunResult>();

        result.Steps.ShouldContain(s => s.ActivityId == "detect-duplicate" && s.Outcome == "Unique"); // not a duplicate of the case it copies
        result.Department!.Code.ShouldBe("roads");
        result.Deadlines.Single(d => d.Stage == "Completion").DueAt.ShouldBe(At(3, dueDay, dueHour, dueMinute));
    }

    [Fact]
    public async Task BadInput_Answers400_NamingTheField()
    {
        async Task<string> FieldOf(object body)
        {
            var problem = await (await Client.PostJsonAsync("/api/workflows/definitions/standard-case/dry-run", body)).ReadProblemAsync(HttpStatusCode.BadRequest);
            return problem.GetProperty("errors").EnumerateObject().Single().Name;
        }

        (await FieldOf(new { definition = new { definitionId = "x" } })).ShouldBe("definition.root");
        (await FieldOf(new { definition = new { definitionId = "x", root = new { type = "Elsa.Flowchart", activities = Array.Empty<object>() } } }))
            .ShouldBe("definition.root.activities");
        (await FieldOf(new { sample = new { itemCode = "9999" } })).ShouldBe("sample.itemCode");
        (await FieldOf(new { sample = new { kind = "Gossip" } })).ShouldBe("sample.kind");
        (await FieldOf(new { sample = Sample, choices = new[] { Choice("handle", "Approved") } })).ShouldBe("choices[0].outcome");
        (await FieldOf(new { sample = Sample, choices = new[] { Choice("review", "Approved") } })).ShouldBe("choices[0].activityId");
        (await Client.PostJsonAsync("/api/workflows/definitions/nothing-here/dry-run", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class DryRunTests_Sqlite() : DryRunTests(DatabaseProvider.Sqlite);

public sealed class DryRunTests_Postgres() : DryRunTests(DatabaseProvider.Postgres);
