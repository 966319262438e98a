using System.Net;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Dispatch;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Reply;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;

namespace CaseHub.Web.Tests.Cases;

/// <summary>
/// The shipped workflows end to end over HTTP: standard-case (manual dispatch, returns, arbitration after
/// the second return, handling, review, reply, callback, closing), enquiry and grid-patrol; and the responsibility
/// rules' fallback up the org tree.
/// </summary>
public abstract class ShippedWorkflowTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;
    private OrgData _org = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Intake:Workflows:*.Complaint"] = "standard-case",
            ["Intake:Workflows:*.Enquiry"] = "enquiry",
            ["Intake:Workflows:GridPatrol.*"] = "grid-patrol",
            ["Intake:Workflows:Whistle.*"] = "whistle",
        });
        _ = _app.Server;
        _org = await OrgData.SeedAsync(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient Client => _app.ClientFor("agent");

    private async Task<TaskDto> OnlyTaskAsync(string group)
    {
        var page = await (await Client.GetAsync($"/api/tasks?candidateGroup={Uri.EscapeDataString(group)}")).ReadAsync<PagedResult<TaskDto>>();
        return page.Items.ShouldHaveSingleItem($"one open task in {group}");
    }

    private async Task CompleteAsync(string group, string outcome, JsonObject form, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var task = await OnlyTaskAsync(group);
        var response = await Client.PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest(outcome, form));
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
    }

    private async Task<CaseDto> CaseAsync(string trackingNumber) => await (await Client.GetAsync($"/api/cases/{trackingNumber}")).ReadAsync<CaseDto>();

    [Fact]
    public async Task AComplaint_IsDispatchedByHand_ReturnedTwice_Arbitrated_Handled_Reviewed_Replied_CalledBack_AndClosed()
    {
        var created = await (await Client.PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了" }))
            .ReadAsync<CaseDto>(HttpStatusCode.Created);
        (await CaseAsync(created.TrackingNumber)).Status.ShouldBe("PendingDispatch"); // no item yet, so no rule matched

        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "nope" }, HttpStatusCode.BadRequest);
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        (await CaseAsync(created.TrackingNumber)).Status.ShouldBe("Dispatched");

        await CompleteAsync("dept:roads", "Returned", new JsonObject(), HttpStatusCode.BadRequest);
        await CompleteAsync("dept:roads", "Returned", new JsonObject { ["reason"] = "不属于本单位职责" });
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "water" });
        await CompleteAsync("dept:water", "Returned", new JsonObject { ["reason"] = "应由道路部门处理" });

        // The second return sends the disputed case to arbitration, not back to the dispatch queue.
        (await (await Client.GetAsync("/api/tasks?candidateGroup=dispatch")).ReadAsync<PagedResult<TaskDto>>()).Items.ShouldBeEmpty();
        // Arbitration (争议会商) goes to the centre above the jurisdiction; this case was not located, so to the city's.
        await CompleteAsync("centre:3301", "Dispatched", new JsonObject { ["departmentCode"] = "roads", ["reason"] = "会商确定由道路部门主办" });
        await CompleteAsync("dept:roads", "Completed", new JsonObject { ["result"] = "已补装井盖" });
        (await CaseAsync(created.TrackingNumber)).AcceptedAt.ShouldBe(_app.Time.GetUtcNow(), "completing without 签收 accepts, as the accept clock counts it");
        await CompleteAsync("review", "SentBack", new JsonObject { ["reason"] = "请附现场照片" });
        await CompleteAsync("dept:roads", "Completed", new JsonObject { ["result"] = "已补装井盖，附照片" });
        await CompleteAsync("review", "Approved", new JsonObject());

        // The reply is the latest handling result, and the callback waits for the citizen's answer.
        var replied = await CaseAsync(created.TrackingNumber);
        (replied.Status, replied.ReplyText).ShouldBe(("Completed", "已补装井盖，附照片"));
        await CompleteAsync("callback", "Satisfied", new JsonObject { ["resolved"] = true });

        var closed = await CaseAsync(created.TrackingNumber);
        closed.Status.ShouldBe("Closed");
        (closed.CallbackResult, closed.CallbackResolved).ShouldBe(("Satisfied", true));
        closed.ClosedAt.ShouldNotBeNull();
        closed.DepartmentId.ShouldBe(_org.Roads);
        var instance = await (await Client.GetAsync($"/api/workflows/instances/{created.WorkflowInstanceId}")).ReadAsync<InstanceDto>();
        instance.Status.ShouldBe("Finished");
        var journal = await (await Client.GetAsync($"/api/workflows/instances/{created.WorkflowInstanceId}/journal")).ReadAsync<List<JournalEntryDto>>();
        journal.Where(j => j.ActivityId == "too-many-returns").Select(j => j.Outcome).ShouldBe(["False", "True"]);
    }

    private async Task<CaseDto> ReceiveAsync(string channel, string kind) =>
        await (await Client.PostJsonAsync("/api/cases", new { channel, kind, title = "测试", description = "测试描述" })).ReadAsync<CaseDto>(HttpStatusCode.Created);

    [Fact]
    public async Task AnEnquiry_AnsweredByTheHotlineAgent_IsClosedAtOnce()
    {
        var created = await ReceiveAsync("Hotline", "Enquiry");

        await CompleteAsync("hotline", "Answered", new JsonObject { ["answer"] = "请携带身份证到街道办理" });

        // The caller heard the answer on the phone: it is recorded as the reply, and nothing is sent.
        var closed = await CaseAsync(created.TrackingNumber);
        (closed.Status, closed.ReplyText).ShouldBe(("Closed", "请携带身份证到街道办理"));
        (await (await Client.GetAsync($"/api/outbox?caseId={created.Id}")).ReadAsync<PagedResult<OutboxMessageDto>>()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task AnEnquiryTheAgentCannotAnswer_IsDispatchedHandledAndClosed()
    {
        var created = await ReceiveAsync("CitizenApp", "Enquiry");

        await CompleteAsync("hotline", "Transfer", new JsonObject());
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "water" });
        await CompleteAsync("dept:water", "Completed", new JsonObject { ["result"] = "已电话答复" });

        (await CaseAsync(created.TrackingNumber)).Status.ShouldBe("Closed");
        var reply = (await (await Client.GetAsync($"/api/outbox?caseId={created.Id}")).ReadAsync<PagedResult<OutboxMessageDto>>()).Items.ShouldHaveSingleItem();
        (reply.Adapter, reply.Text).ShouldBe(("StatusPage", "已电话答复"));
    }

    [Fact]
    public async Task AGridPatrolFinding_SelfHandledOnTheSpot_IsClosed()
    {
        var created = await ReceiveAsync("GridPatrol", "Report");

        await CompleteAsync("grid-workers", "SelfHandled", new JsonObject(), HttpStatusCode.BadRequest);
        await CompleteAsync("grid-workers", "SelfHandled", new JsonObject { ["result"] = "已清理" });

        (await CaseAsync(created.TrackingNumber)).Status.ShouldBe("Closed");
    }

    [Fact]
    public async Task AGridPatrolFindingReportedUp_IsDispatchedAndHandled()
    {
        var created = await ReceiveAsync("GridPatrol", "Report");

        await CompleteAsync("grid-workers", "ReportUp", new JsonObject());
        (await CaseAsync(created.TrackingNumber)).Status.ShouldBe("PendingDispatch");
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        await CompleteAsync("dept:roads", "Completed", new JsonObject { ["result"] = "已修复" });

        (await CaseAsync(created.TrackingNumber)).Status.ShouldBe("Closed");
    }

    [Fact]
    public async Task AComplaintInAGrid_IsClassifiedLocatedAndAutoDispatchedByTheStreetRule()
    {
        await using (var db = _app.NewDbContext())
        {
            db.Add(new ResponsibilityRule { Id = Guid.NewGuid(), ItemId = _org.Manhole, OrgUnitId = _org.District, DepartmentId = _org.Water });
            db.Add(new ResponsibilityRule { Id = Guid.NewGuid(), ItemId = _org.Manhole, OrgUnitId = _org.Street, DepartmentId = _org.Roads });
            await db.SaveChangesAsync();
        }

        var created = await (await Client.PostJsonAsync("/api/cases", new
        {
            channel = "CitizenApp", kind = "Complaint", title = "井盖缺失", description = "小区门口的井盖不见了，晚上很危险",
            location = new { lat = 30.275, lng = 120.155 },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);

        var dispatched = await CaseAsync(created.TrackingNumber);
        dispatched.Status.ShouldBe("Dispatched");
        dispatched.ItemId.ShouldBe(_org.Manhole);
        dispatched.GridId.ShouldBe(_org.Grid);
        dispatched.JurisdictionId.ShouldBe(_org.Street);
        dispatched.DepartmentId.ShouldBe(_org.Roads);
        (await OnlyTaskAsync("dept:roads")).Title.ShouldContain(created.TrackingNumber);
    }

    private async Task<CaseDto> ManholeAsync(double lat, double lng, string text = "小区门口的井盖不见了，晚上很危险") =>
        await (await Client.PostJsonAsync("/api/cases", new { channel = "CitizenApp", kind = "Complaint", title = "井盖缺失", description = text, location = new { lat, lng } }))
            .ReadAsync<CaseDto>(HttpStatusCode.Created);

    private async Task AddStreetRuleAsync()
    {
        await using var db = _app.NewDbContext();
        db.Add(new ResponsibilityRule { Id = Guid.NewGuid(), ItemId = _org.Manhole, OrgUnitId = _org.Street, DepartmentId = _org.Roads });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ASimilarComplaintNearbyAndRecent_IsFlaggedAsAProbableDuplicate_OthersAreNot()
    {
        await AddStreetRuleAsync();
        var first = await ManholeAsync(30.2750, 120.1550);

        var nearby = await CaseAsync((await ManholeAsync(30.2752, 120.1551, "小区门口井盖丢了，晚上很危险")).TrackingNumber); // about 25 m away
        var far = await CaseAsync((await ManholeAsync(30.2770, 120.1550)).TrackingNumber); // about 220 m away
        _app.Time.Advance(TimeSpan.FromHours(73));
        var late = await CaseAsync((await ManholeAsync(30.2750, 120.1550)).TrackingNumber);

        nearby.ProbableDuplicateOfId.ShouldBe(first.Id);
        nearby.Status.ShouldBe("PendingDispatch");
        far.ProbableDuplicateOfId.ShouldBeNull();
        far.Status.ShouldBe("Dispatched");
        late.ProbableDuplicateOfId.ShouldBeNull();
    }

    [Fact]
    public async Task MergingADuplicate_LinksItToTheParentAndEndsItsWorkflow()
    {
        await AddStreetRuleAsync();
        var parent = await ManholeAsync(30.2750, 120.1550);
        var child = await ManholeAsync(30.2751, 120.1550);

        (await Client.PostJsonAsync($"/api/cases/{child.Id}/merge", new MergeRequest(child.TrackingNumber))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var merged = await (await Client.PostJsonAsync($"/api/cases/{child.Id}/merge", new MergeRequest(parent.TrackingNumber))).ReadAsync<CaseDto>();

        merged.Status.ShouldBe("Merged");
        merged.DuplicateOfId.ShouldBe(parent.Id);
        var instance = await (await Client.GetAsync($"/api/workflows/instances/{child.WorkflowInstanceId}")).ReadAsync<InstanceDto>();
        instance.Status.ShouldBe("Cancelled");
        (await (await Client.GetAsync("/api/tasks?candidateGroup=dispatch")).ReadAsync<PagedResult<TaskDto>>()).Items.ShouldBeEmpty();
        (await Client.PostJsonAsync($"/api/cases/{child.Id}/merge", new MergeRequest(parent.TrackingNumber))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AcceptingADispatchedCase_TakesTheDepartmentsTask_AndASecondHandlerGets409()
    {
        await AddStreetRuleAsync();
        var created = await ManholeAsync(30.2750, 120.1550);

        var accepted = await (await _app.ClientFor("wang.roads").PostAsync($"/api/cases/{created.Id}/accept", null)).ReadAsync<CaseDto>();

        accepted.Status.ShouldBe("Accepted");
        accepted.AcceptedAt.ShouldBe(_app.Time.GetUtcNow());
        (await OnlyTaskAsync("dept:roads")).Assignee.ShouldBe("wang.roads");
        (await (await _app.ClientFor("li.roads").PostAsync($"/api/cases/{created.Id}/accept", null)).ReadProblemAsync(HttpStatusCode.Conflict))
            .GetProperty("detail").GetString()!.ShouldContain("Accepted");
    }

    private async Task ImportManholeRuleAsync(string unitCode, string departmentCode, string grade = "C")
    {
        var items = $$"""
            [ { "code": "0301", "nameZh": "井盖缺失", "nameEn": "Missing manhole cover", "kinds": ["Complaint", "Suggestion"], "keywords": ["井盖"], "defaultGrade": "{{grade}}",
                "rules": [ { "orgUnitCode": "{{unitCode}}", "departmentCode": "{{departmentCode}}" } ] } ]
            """;
        var response = await _app.ClientFor("admin").PostAsync("/api/items/import?format=json", new StringContent(items, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ARuleChangedByTheItemImport_DispatchesTheNextCase()
    {
        await ImportManholeRuleAsync("330106001", "roads");
        (await CaseAsync((await ManholeAsync(30.271, 120.155)).TrackingNumber)).DepartmentId.ShouldBe(_org.Roads);

        await ImportManholeRuleAsync("330106001", "water");

        // Far enough from the first (about 450 m) not to be its probable duplicate; the clock has not moved, so no cache expired.
        (await CaseAsync((await ManholeAsync(30.275, 120.155)).TrackingNumber)).DepartmentId.ShouldBe(_org.Water);
    }

    [Fact]
    public async Task AGradeChangedByTheItemImport_GradesTheNextCase()
    {
        await ImportManholeRuleAsync("330106001", "roads", grade: "C");
        (await CaseAsync((await ManholeAsync(30.271, 120.155)).TrackingNumber)).Grade.ShouldBe("C");

        await ImportManholeRuleAsync("330106001", "roads", grade: "B");

        (await CaseAsync((await ManholeAsync(30.275, 120.155)).TrackingNumber)).Grade.ShouldBe("B");
    }

    [Fact]
    public async Task ADepartmentDeactivatedByTheImport_IsNotDispatchedToAnyMore()
    {
        await AddStreetRuleAsync();
        (await CaseAsync((await ManholeAsync(30.271, 120.155)).TrackingNumber)).DepartmentId.ShouldBe(_org.Roads);

        var departments = """[ { "code": "roads", "name": "区建设局", "orgUnitCode": "330106", "isActive": false } ]""";
        (await _app.ClientFor("admin").PostAsync("/api/departments/import", new StringContent(departments, System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var next = await CaseAsync((await ManholeAsync(30.275, 120.155)).TrackingNumber);
        (next.Status, next.DepartmentId).ShouldBe(("PendingDispatch", null));
    }

    private static JsonObject Summon(string lead, params string[] assisting) =>
        new() { ["lead"] = lead, ["assisting"] = new JsonArray([.. assisting.Select(a => (JsonNode)a)]) };

    [Fact]
    public async Task AWhistle_WaitsForEveryDepartmentToReport_ThenTheLeadHandlesIt()
    {
        var created = await ReceiveAsync("Whistle", "Report");

        await CompleteAsync("whistle", "Summon", Summon("roads", "water"));
        await CompleteAsync("dept:roads", "Reported", new JsonObject());
        (await (await Client.GetAsync("/api/tasks?candidateGroup=dept:roads")).ReadAsync<PagedResult<TaskDto>>()).Items.ShouldBeEmpty();
        await CompleteAsync("dept:water", "Reported", new JsonObject());
        await CompleteAsync("dept:roads", "Completed", new JsonObject { ["result"] = "联合整治完成" });
        await CompleteAsync("review", "Approved", new JsonObject());

        var closed = await CaseAsync(created.TrackingNumber);
        closed.Status.ShouldBe("Closed");
        closed.DepartmentId.ShouldBe(_org.Roads);
    }

    [Fact]
    public async Task AWhistle_WhoseDepartmentFailsToReportInTime_GoesOnToTheLead_AndWithdrawsTheLateTask()
    {
        var created = await ReceiveAsync("Whistle", "Report");
        await CompleteAsync("whistle", "Summon", Summon("roads", "water"));
        await CompleteAsync("dept:roads", "Reported", new JsonObject());

        _app.Time.Advance(TimeSpan.FromMinutes(31));
        (await _app.Service<CaseHub.Workflows.Timers.TimerDispatcher>().FireDueAsync()).ShouldBe(1);

        (await (await Client.GetAsync("/api/tasks?candidateGroup=dept:water")).ReadAsync<PagedResult<TaskDto>>()).Items.ShouldBeEmpty();
        (await OnlyTaskAsync("dept:roads")).ActivityId.ShouldBe("handle");
        var journal = await (await Client.GetAsync($"/api/workflows/instances/{created.WorkflowInstanceId}/journal")).ReadAsync<List<JournalEntryDto>>();
        journal.ShouldContain(j => j.ActivityId == "whistle" && j.Outcome == "Overdue");
        journal.ShouldContain(j => j.ActivityId == "whistle" && j.Event == "Log" && j.Message!.Contains("water"));
    }

    [Fact]
    public async Task ADispatchersItemChoice_ClassifiesTheCase_AndTeachesTheClassifier()
    {
        var created = await ReceiveAsync("Hotline", "Complaint");

        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads", ["itemCode"] = "0301" });

        (await CaseAsync(created.TrackingNumber)).ItemId.ShouldBe(_org.Manhole);
        await using var db = _app.NewDbContext();
        var feedback = await db.Set<ClassificationFeedback>().SingleAsync();
        (feedback.ItemId, feedback.ConfirmedBy).ShouldBe((_org.Manhole, "agent"));
        feedback.Text.ShouldContain("测试描述");
    }

    [Fact]
    public async Task ACaseWithAnItemAndAGrid_IsDispatchedByTheNearestRule()
    {
        await using (var db = _app.NewDbContext())
        {
            db.Add(new ResponsibilityRule { Id = Guid.NewGuid(), ItemId = _org.Manhole, OrgUnitId = _org.District, DepartmentId = _org.Water });
            db.Add(new ResponsibilityRule { Id = Guid.NewGuid(), ItemId = _org.Manhole, OrgUnitId = _org.Street, DepartmentId = _org.Roads });
            await db.SaveChangesAsync();
        }
        var created = await (await Client.PostJsonAsync("/api/cases", new { channel = "Hotline", kind = "Suggestion", title = "井盖", description = "井盖松动" }))
            .ReadAsync<CaseDto>(HttpStatusCode.Created);
        await using (var db = _app.NewDbContext())
        {
            var stored = await db.Set<CaseEntity>().SingleAsync(c => c.Id == created.Id);
            stored.ItemId = _org.Manhole;
            stored.GridId = _org.Grid;
            await db.SaveChangesAsync();
        }

        var rules = _app.Service<DispatchRules>();
        (await rules.ResolveAsync(_org.Manhole, _org.Grid, default))!.Id.ShouldBe(_org.Roads);
        (await rules.ResolveAsync(_org.Manhole, _org.District, default))!.Id.ShouldBe(_org.Water);
        (await rules.ResolveAsync(_org.Manhole, _org.City, default)).ShouldBeNull();
        (await rules.ResolveAsync(_org.Manhole, null, default)).ShouldBeNull();
    }
}

public sealed class ShippedWorkflowTests_Sqlite() : ShippedWorkflowTests(DatabaseProvider.Sqlite);

public sealed class ShippedWorkflowTests_Postgres() : ShippedWorkflowTests(DatabaseProvider.Postgres);

/// <summary>A small org tree (city → district → street → grid), two departments and one item, written directly.</summary>
internal sealed record OrgData(Guid City, Guid District, Guid Street, Guid Grid, Guid Roads, Guid Water, Guid Manhole)
{
    public static async Task<OrgData> SeedAsync(CaseHubApp app)
    {
        await using var db = app.NewDbContext();
        OrgUnit Unit(string code, string name, OrgLevel level, OrgUnit? parent) => new()
        {
            Id = Guid.NewGuid(), Code = code, Name = name, Level = level, ParentId = parent?.Id, Path = (parent?.Path ?? "/") + code + "/",
        };
        var city = Unit("3301", "杭州市", OrgLevel.City, null);
        var district = Unit("330106", "西湖区", OrgLevel.District, city);
        var street = Unit("330106001", "北山街道", OrgLevel.Street, district);
        var grid = Unit("330106001001", "北山第一网格", OrgLevel.Grid, street);
        grid.BoundaryGeoJson = """{"type":"Polygon","coordinates":[[[120.15,30.27],[120.16,30.27],[120.16,30.28],[120.15,30.28],[120.15,30.27]]]}""";
        var roads = new Department { Id = Guid.NewGuid(), Code = "roads", Name = "区建设局", OrgUnitId = district.Id, Level = OrgLevel.District };
        var water = new Department { Id = Guid.NewGuid(), Code = "water", Name = "区水务局", OrgUnitId = district.Id, Level = OrgLevel.District };
        var manhole = new Item { Id = Guid.NewGuid(), Code = "0301", NameZh = "井盖缺失", NameEn = "Missing manhole cover", Level = 1, Kinds = [CaseKind.Complaint, CaseKind.Suggestion], Keywords = ["井盖"] };
        db.AddRange(city, district, street, grid, roads, water, manhole);
        await db.SaveChangesAsync();
        return new OrgData(city.Id, district.Id, street.Id, grid.Id, roads.Id, water.Id, manhole.Id);
    }
}
