using System.Net;
using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Supervision;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Cases.Data;
using CaseHub.Web.Tests.Cases;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;

namespace CaseHub.Web.Tests.Supervision;

/// <summary>
/// Stage clocks, cards, extensions, suspension, orders, reminders and escalation through HTTP, on the standard-case
/// flow. The clock starts on Monday 2025-03-03 09:00 Beijing time; a complaint's limits are accept 2 working hours,
/// first contact 7 working hours and completion 15 working days, with blue at 75% and red 2 working days late.
/// </summary>
public abstract class SupervisionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = NewApp(_database);
        _ = _app.Server;
        await OrgData.SeedAsync(_app);
    }

    private static CaseHubApp NewApp(ITestDatabase database, FakeTimeProvider? time = null) =>
        new(database, time, new Dictionary<string, string?> { ["Intake:Workflows:*.Complaint"] = "standard-case" });

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient Client => _app.ClientFor("supervisor");

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, Beijing);

    private void MoveTo(DateTimeOffset at) => _app.Time.UtcNow = at;

    private async Task<int> FireAsync() => await _app.Service<TimerDispatcher>().FireDueAsync();

    /// <summary>A located complaint, dispatched by hand to the district's roads department at the current time.</summary>
    private async Task<CaseDto> DispatchedComplaintAsync(string department = "roads")
    {
        var created = await (await Client.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Complaint", title = "路面塌陷", description = "北山路路面塌陷",
            location = new { lat = 30.275, lng = 120.155 },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = department });
        return created;
    }

    private async Task<TaskDto> OnlyTaskAsync(string group) =>
        (await (await Client.GetAsync($"/api/tasks?candidateGroup={Uri.EscapeDataString(group)}")).ReadAsync<PagedResult<TaskDto>>()).Items.ShouldHaveSingleItem();

    private async Task<HttpResponseMessage> CompleteAsync(string group, string outcome, JsonObject form, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var task = await OnlyTaskAsync(group);
        var response = await Client.PostJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest(outcome, form));
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        return response;
    }

    private async Task AcceptAndContactAsync(Guid caseId)
    {
        (await Client.PostAsync($"/api/cases/{caseId}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.PostJsonAsync($"/api/cases/{caseId}/contact", new { note = "已电话联系诉求人" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<List<DeadlineDto>> DeadlinesAsync(Guid caseId) =>
        await (await Client.GetAsync($"/api/cases/{caseId}/deadlines")).ReadAsync<List<DeadlineDto>>();

    private async Task<DeadlineDto> OpenDeadlineAsync(Guid caseId, string stage) =>
        (await DeadlinesAsync(caseId)).Single(d => d.Stage == stage && d.Open);

    private async Task<List<string>> CardsAsync(Guid caseId, string stage) =>
        [.. (await (await Client.GetAsync($"/api/cases/{caseId}/cards")).ReadAsync<List<CardDto>>()).Where(c => c.Stage == stage).Select(c => c.Colour)];

    [Fact]
    public async Task DispatchStartsTheDepartmentsClocks_FromTheItemsOrKindsLimits_AndTheTaskCarriesTheCompletionDueTime()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();

        var deadlines = await DeadlinesAsync(created.Id);
        var dispatch = deadlines.Single(d => d.Stage == "Dispatch");
        dispatch.Met.ShouldBeTrue();
        dispatch.OnTime.ShouldBe(true);
        (await OpenDeadlineAsync(created.Id, "Accept")).DueAt.ShouldBe(At(3, 3, 11));
        (await OpenDeadlineAsync(created.Id, "FirstContact")).DueAt.ShouldBe(At(3, 3, 17, 30));
        var completion = await OpenDeadlineAsync(created.Id, "Completion");
        completion.DueAt.ShouldBe(At(3, 21, 17, 30)); // the end of the 15th working day; no holidays in March 2025
        completion.DepartmentCode.ShouldBe("roads");
        completion.RemainingMinutes.ShouldBe(15 * 7 * 60);
        (await OnlyTaskAsync("dept:roads")).DueAt.ShouldBe(At(3, 21, 17, 30));
        (await (await Client.GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>()).DueAt.ShouldBe(At(3, 21, 17, 30));
    }

    [Fact]
    public async Task Cards_FallBlueYellowAndRed_OnTime_ExactlyOnce_AndNotifyTheDepartmentAndItsCentre()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        await Client.PostJsonAsync($"/api/cases/{created.Id}/contact", new { note = "已电话联系" });

        MoveTo(At(3, 3, 10, 29));
        await FireAsync();
        (await CardsAsync(created.Id, "Accept")).ShouldBeEmpty();
        MoveTo(At(3, 3, 10, 30)); // 75% of 2 working hours
        await FireAsync();
        (await CardsAsync(created.Id, "Accept")).ShouldBe(["Blue"]);
        MoveTo(At(3, 3, 11));
        await FireAsync();
        (await CardsAsync(created.Id, "Accept")).ShouldBe(["Blue", "Yellow"]);
        MoveTo(At(3, 5, 10, 59));
        await FireAsync();
        (await CardsAsync(created.Id, "Accept")).ShouldBe(["Blue", "Yellow"]);
        MoveTo(At(3, 5, 11)); // 2 working days after the due time
        await FireAsync();
        (await FireAsync()).ShouldBe(0);
        (await CardsAsync(created.Id, "Accept")).ShouldBe(["Blue", "Yellow", "Red"]);

        var forDepartment = await (await Client.GetAsync("/api/notifications?recipient=dept:roads")).ReadAsync<List<NotificationDto>>();
        forDepartment.Where(n => n.Kind.StartsWith("card.")).Select(n => n.Kind).Order().ShouldBe(["card.blue", "card.red", "card.yellow"]);
        var forCentre = await (await Client.GetAsync("/api/notifications?recipient=centre:330106")).ReadAsync<List<NotificationDto>>();
        forCentre.Count(n => n.Kind.StartsWith("card.")).ShouldBe(3);
        // The red card escalated the case from its street to the district's centre.
        var escalations = await (await Client.GetAsync($"/api/supervision/escalations?caseId={created.Id}")).ReadAsync<List<EscalationDto>>();
        escalations.ShouldHaveSingleItem().CentreCode.ShouldBe("330106");
        escalations[0].Reason.ShouldBe("RedCard");
        var timeline = await (await Client.GetAsync($"/api/cases/{created.Id}/timeline")).ReadAsync<List<TimelineEntryDto>>();
        timeline.Select(t => t.Kind).ShouldContain("card.red");
        timeline.Select(t => t.Kind).ShouldContain("escalated");
    }

    [Fact]
    public async Task WithANoticeWebhook_ACardAlsoGoesToTheOutbox_ForTheDepartmentAndItsCentre_ButNotToTheCitizen()
    {
        await _app.DisposeAsync();
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Intake:Workflows:*.Complaint"] = "standard-case",
            ["Reply:NoticeWebhook:Url"] = "http://127.0.0.1:9/notices",
        });
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        MoveTo(At(3, 3, 10, 30));
        await FireAsync();

        var outbox = await (await Client.GetAsync($"/api/outbox?caseId={created.Id}")).ReadAsync<PagedResult<CaseHub.Web.Features.Reply.OutboxMessageDto>>();
        outbox.Items.Where(m => m.Adapter == "Notice").Select(m => m.Recipient).Order().ShouldBe(["centre:330106", "dept:roads"]);
        outbox.Items.ShouldAllBe(m => m.Text.Contains("蓝牌预警"));
        (await (await Client.GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>()).ReplyText.ShouldBeNull();
    }

    [Fact]
    public async Task CardRulesForAnItemOrAGrade_MoveTheBlueAndRedCards()
    {
        await _app.DisposeAsync();
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Intake:Workflows:*.Complaint"] = "standard-case",
            ["Supervision:CardRules:0:Grade"] = "C",
            ["Supervision:CardRules:0:BlueShare"] = "0.5",
            ["Supervision:CardRules:1:ItemCode"] = "0301",
            ["Supervision:CardRules:1:Grade"] = "B",
            ["Supervision:CardRules:1:RedMarginWorkingDays"] = "1",
        });
        MoveTo(At(3, 3, 9));
        var gradeC = await DispatchedComplaintAsync();
        var accept = await OpenDeadlineAsync(gradeC.Id, "Accept");
        (accept.BlueAt, accept.RedAt).ShouldBe((At(3, 3, 10), At(3, 5, 11))); // half of 2 working hours; the default red margin

        var gradeB = await (await Client.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了", location = new { lat = 30.275, lng = 120.155 },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
        await using (var db = _app.NewDbContext())
        {
            var stored = await db.Set<CaseEntity>().SingleAsync(c => c.Id == gradeB.Id);
            (stored.Grade, stored.ItemId) = (CaseHub.Cases.Features.Items.CaseGrade.B, await db.Set<CaseHub.Cases.Features.Items.Item>().Where(i => i.Code == "0301").Select(i => i.Id).SingleAsync());
            await db.SaveChangesAsync();
        }
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });
        var specific = await OpenDeadlineAsync(gradeB.Id, "Accept");
        (specific.BlueAt, specific.RedAt).ShouldBe((At(3, 3, 10, 30), At(3, 4, 11))); // the default blue share; the item and grade's 1-day margin
    }

    [Fact]
    public async Task ASecondYellowOnTheSameCase_IsARedCard()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        MoveTo(At(3, 3, 11));
        await FireAsync();
        (await CardsAsync(created.Id, "Accept")).ShouldBe(["Blue", "Yellow"]);
        MoveTo(At(3, 3, 17, 30)); // first contact is overdue too
        await FireAsync();
        (await CardsAsync(created.Id, "FirstContact")).ShouldBe(["Blue", "Yellow", "Red"], ignoreOrder: true);
        var red = (await (await Client.GetAsync($"/api/cases/{created.Id}/cards")).ReadAsync<List<CardDto>>()).Single(c => c.Colour == "Red");
        red.Reason.ShouldContain("第二张黄牌");
        red.IssuedAt.ShouldBe(At(3, 3, 17, 30));
    }

    [Fact]
    public async Task AcceptingAndCompletingInTime_StopTheClocks_AndNoCardFalls()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        MoveTo(At(3, 3, 10));
        (await Client.PostAsync($"/api/cases/{created.Id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Client.PostJsonAsync($"/api/cases/{created.Id}/contact", new { note = "已联系" });
        await CompleteAsync("dept:roads", "Completed", new JsonObject { ["result"] = "已修复" });
        MoveTo(At(4, 30, 9));
        await FireAsync();

        (await (await Client.GetAsync($"/api/cases/{created.Id}/cards")).ReadAsync<List<CardDto>>()).ShouldBeEmpty();
        var deadlines = await DeadlinesAsync(created.Id);
        deadlines.ShouldAllBe(d => !d.Open && d.Met && d.OnTime == true);
    }

    [Fact]
    public async Task AnApprovedExtension_MovesTheDeadline_AndNoStaleCardFires()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        await AcceptAndContactAsync(created.Id);
        MoveTo(At(3, 20, 10)); // blue for completion fell on 18 March (75% of 15 working days)
        await FireAsync();
        (await CardsAsync(created.Id, "Completion")).ShouldBe(["Blue"]);

        var problem = await (await Client.PostJsonAsync($"/api/cases/{created.Id}/extensions", new { requestedDueAt = At(3, 21, 9), reason = "需协调施工" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("requestedDueAt", out _).ShouldBeTrue();
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/extensions", new { requestedDueAt = At(4, 7, 9) }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var request = await (await Client.PostJsonAsync($"/api/cases/{created.Id}/extensions", new { requestedDueAt = At(4, 7, 9), reason = "需协调燃气管线迁改" }))
            .ReadAsync<ExtensionDto>(HttpStatusCode.Created);
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/extensions", new { requestedDueAt = At(4, 8, 9), reason = "再次申请" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Client.PostJsonAsync($"/api/supervision/extensions/{request.Id}/reject", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await Client.GetAsync("/api/supervision/extensions")).ReadAsync<List<ExtensionDto>>()).ShouldHaveSingleItem().Id.ShouldBe(request.Id);

        (await Client.PostJsonAsync($"/api/supervision/extensions/{request.Id}/approve", new { note = "同意" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.PostJsonAsync($"/api/supervision/extensions/{request.Id}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await OpenDeadlineAsync(created.Id, "Completion")).DueAt.ShouldBe(At(4, 7, 9));
        (await OnlyTaskAsync("dept:roads")).DueAt.ShouldBe(At(4, 7, 9));

        MoveTo(At(3, 24, 9)); // past the old due time, 21 March 17:30
        await FireAsync();
        (await CardsAsync(created.Id, "Completion")).ShouldBe(["Blue"]);
        MoveTo(At(4, 7, 9));
        await FireAsync();
        (await CardsAsync(created.Id, "Completion")).ShouldBe(["Blue", "Yellow"]);
    }

    [Fact]
    public async Task AnExtensionAskedForAfterTheDeadline_IsRefused()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        MoveTo(At(3, 21, 17, 30));
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/extensions", new { requestedDueAt = At(4, 7, 9), reason = "来不及" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Suspension_PausesTheClocks_AndResumingMovesTheDueTimeByThePause()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/suspend", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        MoveTo(At(3, 3, 10));
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/suspend", new { reason = "等待诉求人提供材料" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/suspend", new { reason = "again" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        MoveTo(At(3, 10, 10)); // a working week later: every clock would have carded by now
        await FireAsync();
        (await (await Client.GetAsync($"/api/cases/{created.Id}/cards")).ReadAsync<List<CardDto>>()).ShouldBeEmpty();
        (await OpenDeadlineAsync(created.Id, "Completion")).Paused.ShouldBeTrue();

        (await Client.PostAsync($"/api/cases/{created.Id}/resume", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OpenDeadlineAsync(created.Id, "Accept")).DueAt.ShouldBe(At(3, 10, 11)); // 1 working hour was left
        (await OpenDeadlineAsync(created.Id, "Completion")).DueAt.ShouldBe(At(3, 28, 17, 30)); // moved by the 5 working days paused
        (await OnlyTaskAsync("dept:roads")).DueAt.ShouldBe(At(3, 28, 17, 30));
        MoveTo(At(3, 10, 11));
        await FireAsync();
        (await CardsAsync(created.Id, "Accept")).ShouldBe(["Blue", "Yellow"]);
        (await Client.PostAsync($"/api/cases/{created.Id}/resume", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ADepartmentMayReturnACaseOnlyWithinTwoWorkingDaysOfDispatch()
    {
        MoveTo(At(3, 7, 16)); // Friday
        var created = await DispatchedComplaintAsync();
        MoveTo(At(3, 11, 16, 1)); // Tuesday, just past 2 working days
        await CompleteAsync("dept:roads", "Returned", new JsonObject { ["reason"] = "不属于本单位职责" }, HttpStatusCode.Conflict);
        MoveTo(At(3, 11, 16));
        await CompleteAsync("dept:roads", "Returned", new JsonObject { ["reason"] = "不属于本单位职责" });
        var deadlines = await DeadlinesAsync(created.Id);
        deadlines.Where(d => d.DepartmentCode == "roads").ShouldAllBe(d => !d.Open && !d.Met);
        (await OpenDeadlineAsync(created.Id, "Dispatch")).StartedAt.ShouldBe(At(3, 11, 16)); // back to dispatch, on a fresh clock
    }

    [Fact]
    public async Task AfterTheSecondReturn_ArbitrationGoesToTheCentreAboveTheJurisdiction()
    {
        MoveTo(At(3, 3, 9));
        await DispatchedComplaintAsync(); // located in 北山街道 (330106001)
        await CompleteAsync("dept:roads", "Returned", new JsonObject { ["reason"] = "不属于本单位职责" });
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "water" });
        await CompleteAsync("dept:water", "Returned", new JsonObject { ["reason"] = "应由道路部门处理" });

        var arbitration = await OnlyTaskAsync("centre:330106"); // the district's centre
        arbitration.ActivityId.ShouldBe("arbitration");
    }

    [Fact]
    public async Task AnOrderUnansweredByItsDeadline_EscalatesTheCase_AndAnAnsweredOneDoesNot()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        await AcceptAndContactAsync(created.Id);
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/orders", new { dueAt = At(3, 4, 9) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/orders", new { demand = "说明进展", dueAt = At(3, 2, 9) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var answered = await (await Client.PostJsonAsync($"/api/cases/{created.Id}/orders", new { demand = "当日说明进展", dueAt = At(3, 3, 17) })).ReadAsync<OrderDto>(HttpStatusCode.Created);
        var ignored = await (await Client.PostJsonAsync($"/api/cases/{created.Id}/orders", new { demand = "三日内修复", dueAt = At(3, 6, 17) })).ReadAsync<OrderDto>(HttpStatusCode.Created);
        (await Client.PostJsonAsync($"/api/supervision/orders/{answered.Id}/respond", new { response = "已安排抢修" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.PostJsonAsync($"/api/supervision/orders/{answered.Id}/respond", new { response = "again" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await Client.GetAsync("/api/notifications?recipient=dept:roads")).ReadAsync<List<NotificationDto>>()).Count(n => n.Kind == "order").ShouldBe(2);

        MoveTo(At(3, 3, 17));
        await FireAsync();
        (await (await Client.GetAsync($"/api/supervision/escalations?caseId={created.Id}")).ReadAsync<List<EscalationDto>>())
            .Where(e => e.Reason == "OverdueOrder").ShouldBeEmpty();
        MoveTo(At(3, 6, 17));
        await FireAsync();
        var escalation = (await (await Client.GetAsync($"/api/supervision/escalations?caseId={created.Id}")).ReadAsync<List<EscalationDto>>())
            .Where(e => e.Reason == "OverdueOrder").ShouldHaveSingleItem();
        escalation.Note!.ShouldContain("三日内修复");
        _ = ignored;
    }

    [Fact]
    public async Task ManualEscalation_ClimbsTheOrgTree_ToTheCity_AndNoFurther()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/escalate", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await Client.PostJsonAsync($"/api/cases/{created.Id}/escalate", new { note = "群众反映强烈" })).ReadAsync<EscalationDto>(HttpStatusCode.Created))
            .CentreCode.ShouldBe("330106");
        (await (await Client.PostJsonAsync($"/api/cases/{created.Id}/escalate", new { note = "区级协调不了" })).ReadAsync<EscalationDto>(HttpStatusCode.Created))
            .CentreCode.ShouldBe("3301");
        (await Client.PostJsonAsync($"/api/cases/{created.Id}/escalate", new { note = "再提级" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var open = await (await Client.GetAsync("/api/supervision/escalations?centre=3301&open=true")).ReadAsync<List<EscalationDto>>();
        var closed = await (await Client.PostJsonAsync($"/api/supervision/escalations/{open.ShouldHaveSingleItem().Id}/close", new { note = "已协调" })).ReadAsync<EscalationDto>();
        closed.ClosedBy.ShouldBe("supervisor");
        (await (await Client.GetAsync("/api/supervision/escalations?centre=3301&open=true")).ReadAsync<List<EscalationDto>>()).ShouldBeEmpty();
        (await Client.GetAsync("/api/supervision/escalations?centre=nope")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AGradeACase_IsEscalatedToTheNextLevelWhenDispatched()
    {
        MoveTo(At(3, 3, 9));
        var created = await (await Client.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Complaint", title = "燃气泄漏", description = "小区燃气泄漏", location = new { lat = 30.275, lng = 120.155 },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
        await using (var db = _app.NewDbContext())
        {
            var stored = await db.Set<CaseEntity>().SingleAsync(c => c.Id == created.Id);
            stored.Grade = CaseHub.Cases.Features.Items.CaseGrade.A;
            await db.SaveChangesAsync();
        }
        await CompleteAsync("dispatch", "Dispatched", new JsonObject { ["departmentCode"] = "roads" });

        var escalation = (await (await Client.GetAsync($"/api/supervision/escalations?caseId={created.Id}")).ReadAsync<List<EscalationDto>>()).ShouldHaveSingleItem();
        escalation.Reason.ShouldBe("GradeA");
        escalation.CentreCode.ShouldBe("330106");
        (await (await Client.GetAsync("/api/notifications?recipient=centre:330106&unread=true")).ReadAsync<List<NotificationDto>>())
            .ShouldContain(n => n.Kind == "escalated" && n.CaseId == created.Id);
    }

    [Fact]
    public async Task RemindersAndContact_AreOnTheTimeline_AndTheOverdueBoardListsOverdueClocksMostOverdueFirst()
    {
        MoveTo(At(3, 3, 9));
        var first = await DispatchedComplaintAsync();
        MoveTo(At(3, 3, 10));
        var second = await DispatchedComplaintAsync("water");
        (await Client.PostJsonAsync($"/api/cases/{first.Id}/reminders", new { text = "请尽快签收" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.PostJsonAsync($"/api/cases/{first.Id}/reminders", new { text = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.PostJsonAsync($"/api/cases/{first.Id}/contact", new { note = "已联系诉求人" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        MoveTo(At(3, 3, 14));
        var board = await (await Client.GetAsync("/api/supervision/overdue?stage=Accept")).ReadAsync<List<OverdueDto>>();
        board.Select(b => b.TrackingNumber).ShouldBe([first.TrackingNumber, second.TrackingNumber]);
        board[0].OverdueWorkingMinutes.ShouldBe(90); // due 11:00; 11:00–12:00 and 13:30–14:00
        (await (await Client.GetAsync("/api/supervision/overdue?departmentCode=water")).ReadAsync<List<OverdueDto>>())
            .ShouldAllBe(b => b.DepartmentCode == "water");
        (await Client.GetAsync("/api/supervision/overdue?departmentCode=nope")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.GetAsync("/api/supervision/overdue?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var timeline = await (await Client.GetAsync($"/api/cases/{first.Id}/timeline")).ReadAsync<List<TimelineEntryDto>>();
        timeline.Select(t => t.Kind).ShouldContain("reminder");
        timeline.Select(t => t.Kind).ShouldContain("contacted");
        timeline.ShouldContain(t => t.Kind == "workflow" && t.Text == "人工派单：已派单");
        timeline.ShouldNotContain(t => t.Text.StartsWith("Elsa.", StringComparison.Ordinal) || t.Text.StartsWith("CaseHub.", StringComparison.Ordinal));
        // The audit log's changes to the case are on the timeline too, by the request that made them.
        timeline.ShouldContain(t => t.Kind == "audit" && t.Text.StartsWith("POST /api/tasks/{id:guid}/complete", StringComparison.Ordinal)
            && t.Text.Contains("Status") && t.Text.Contains("DepartmentId"));
        var notification = (await (await Client.GetAsync("/api/notifications?recipient=dept:roads&unread=true")).ReadAsync<List<NotificationDto>>())
            .Where(n => n.Kind == "reminder").ShouldHaveSingleItem();
        (await Client.PostAsync($"/api/notifications/{notification.Id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await Client.GetAsync("/api/notifications?recipient=dept:roads&unread=true")).ReadAsync<List<NotificationDto>>())
            .ShouldNotContain(n => n.Kind == "reminder");
    }

    [Fact]
    public async Task CardsDueWhileTheAppIsStopped_AreIssuedOnceAfterItRestarts()
    {
        MoveTo(At(3, 3, 9));
        var created = await DispatchedComplaintAsync();
        await _app.DisposeAsync();

        var time = new FakeTimeProvider(At(3, 5, 12)); // blue, yellow and red for accepting fell due while it was down
        _app = NewApp(_database, time);
        _ = _app.Server;
        await FireAsync();
        await FireAsync();
        (await CardsAsync(created.Id, "Accept")).ShouldBe(["Blue", "Yellow", "Red"]);
        await using var db = _app.NewDbContext();
        (await db.Set<Card>().CountAsync(c => c.CaseId == created.Id && c.Stage == CaseStage.Accept)).ShouldBe(3);
    }
}

public sealed class SupervisionTests_Sqlite() : SupervisionTests(DatabaseProvider.Sqlite);

public sealed class SupervisionTests_Postgres() : SupervisionTests(DatabaseProvider.Postgres);
