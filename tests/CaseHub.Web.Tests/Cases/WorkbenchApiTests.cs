using System.Net;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Demo;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Live;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaseHub.Web.Tests.Cases;

/// <summary>What the dispatcher's and the department's workbench read: queues, lists, suggestions, the map, the on-the-phone answer and live updates.</summary>
public abstract class WorkbenchApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;
    private readonly DemoCity _city = new();
    // 疫苗接种咨询: nothing like a street-vendor complaint, so never among its suggestions; the city's health commission handles it.
    private const string SearchedItem = "10010102", SearchedItemDepartment = "LJ-WJ";

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Cases"] = "0",
            ["Intake:DefaultWorkflow"] = "standard-case",
            ["Intake:Workflows:*.Enquiry"] = "enquiry",
        });
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient Dispatcher => _app.ClientAs("dispatcher");

    private async Task<CaseDto> ReceiveAsync(string title, string description, bool located = true, string kind = "Complaint")
    {
        var grid = _city.Grids[0];
        return await (await Dispatcher.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind, title, description, complainant = new { name = "张三", phone = "13812345678" },
            location = located ? new { lat = grid.CentreLat, lng = grid.CentreLng } : null,
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
    }

    private async Task<Dictionary<string, int>> CountsAsync() =>
        (await (await Dispatcher.GetAsync("/api/cases/queues")).ReadAsync<List<QueueCount>>()).ToDictionary(q => q.Queue, q => q.Count);

    [Fact]
    public async Task TheQueues_HoldWhatRulesCouldNotDispatch_AndTheDepartmentListShowsClocksAndCards()
    {
        var unmatched = await ReceiveAsync("咨询一件说不清的事", "情况比较复杂，说不清楚属于哪里", located: false);
        var dispatched = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");
        dispatched.Status.ShouldBe("Dispatched");
        (await CountsAsync()).ShouldBe(new Dictionary<string, int> { ["new"] = 0, ["unmatched"] = 1, ["returned"] = 0, ["duplicates"] = 0, ["escalated"] = 0 });

        var queue = await (await Dispatcher.GetAsync("/api/cases?queue=unmatched")).ReadAsync<CasePage>();
        var row = queue.Items.ShouldHaveSingleItem();
        (row.TrackingNumber, row.TaskAssignee).ShouldBe((unmatched.TrackingNumber, null));
        row.TaskId.ShouldNotBeNull();
        (await (await Dispatcher.GetAsync("/api/cases?queue=nope")).ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("queue", out _).ShouldBeTrue();

        // The department's list: its task, the accept clock's due time and the working time left.
        var admin = _app.ClientFor("admin");
        var department = (await (await admin.GetAsync($"/api/cases/{dispatched.Id}/suggestions")).ReadAsync<DispatchSuggestions>()).Departments.First().Code;
        var list = await (await _app.ClientAs($"h.{department.ToLowerInvariant()}").GetAsync($"/api/cases?departmentCode={department}")).ReadAsync<CasePage>();
        var mine = list.Items.ShouldHaveSingleItem();
        (mine.TrackingNumber, mine.DepartmentCode, mine.Card).ShouldBe((dispatched.TrackingNumber, department, (string?)null));
        // The names, found in the handler's own record and the org index rather than looked up, are the case page's.
        (mine.DepartmentName, mine.ItemCode, mine.ItemName, mine.JurisdictionName).ShouldBe(
            (dispatched.DepartmentName, dispatched.ItemCode, dispatched.ItemName, dispatched.JurisdictionName));
        mine.JurisdictionName.ShouldNotBeNullOrEmpty();
        mine.RemainingWorkingMinutes.ShouldBe(120); // 签收 within 2 working hours, and no time has passed
        var task = await (await admin.GetAsync($"/api/tasks/{mine.TaskId}")).ReadAsync<TaskDto>();
        task.CandidateGroup.ShouldBe($"dept:{department}");

        // Past the accept clock's due time: a yellow card, and the time is shown as overdue.
        _app.Time.Advance(TimeSpan.FromHours(3));
        await _app.Service<CaseHub.Workflows.Timers.TimerDispatcher>().FireDueAsync();
        var late = (await (await admin.GetAsync($"/api/cases?departmentCode={department}")).ReadAsync<CasePage>()).Items.Single();
        late.Card.ShouldBe("Yellow");
        (late.DepartmentName, late.JurisdictionName).ShouldBe((dispatched.DepartmentName, dispatched.JurisdictionName));
        late.RemainingWorkingMinutes.ShouldNotBeNull().ShouldBeLessThan(0);
    }

    [Fact]
    public async Task Suggestions_NameTheItemAndTheRulesDepartment_AndTheMapHasTheGridAndPoint()
    {
        var created = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");
        var suggestions = await (await Dispatcher.GetAsync($"/api/cases/{created.Id}/suggestions")).ReadAsync<DispatchSuggestions>();
        suggestions.Items.First().Name.ShouldContain("占道经营");
        // Each department is tied to the item whose rule names it, so the drawer can follow the item the dispatcher picks.
        var dispatched = await (await Dispatcher.GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>();
        suggestions.Departments.Single(d => d.ItemCode == dispatched.ItemCode).Code.ShouldBe(dispatched.DepartmentCode);
        suggestions.Departments.Select(d => d.ItemCode).ShouldBeSubsetOf(suggestions.Items.Select(i => i.Code).Append(dispatched.ItemCode!));
        // An item the dispatcher found by searching brings its rule's department too; an unknown code is a 400 naming it.
        var searched = await (await Dispatcher.GetAsync($"/api/cases/{created.Id}/suggestions?itemCode={SearchedItem}")).ReadAsync<DispatchSuggestions>();
        searched.Departments.Single(d => d.ItemCode == SearchedItem).Code.ShouldBe(SearchedItemDepartment);
        (await (await Dispatcher.GetAsync($"/api/cases/{created.Id}/suggestions?itemCode=nope")).ReadProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("itemCode", out _).ShouldBeTrue();

        var map = await (await Dispatcher.GetAsync($"/api/cases/{created.Id}/map")).ReadAsync<CaseMap>();
        map.Grid.ShouldNotBeNull().Code.ShouldBe(_city.Grids[0].Code);
        map.Grid.Polygon.ShouldHaveSingleItem().Select(p => (p[0], p[1])).ShouldBe(_city.Grids[0].Ring.Select(p => (p[0], p[1])));
        map.Point.ShouldBe(new MapPoint(_city.Grids[0].CentreLat, _city.Grids[0].CentreLng));
    }

    [Fact]
    public async Task AMistypedKind_KeepsTheRightItemOutOfAutoDispatch_ButAmongTheDispatchersSuggestions()
    {
        // Recorded as a suggestion (建议), though it is a complaint about street vendors, which only complaints and reports take.
        var created = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行", kind: "Suggestion");
        created.Status.ShouldBe("PendingDispatch");
        created.ItemCode.ShouldBeNull();

        var suggestions = await (await Dispatcher.GetAsync($"/api/cases/{created.Id}/suggestions")).ReadAsync<DispatchSuggestions>();
        var vendors = suggestions.Items.Where(i => i.Code == "01010101").ShouldHaveSingleItem();
        // Shown, but below the 0.6 at which the drawer fills it in: the dispatcher picks it knowingly.
        vendors.Confidence.ShouldBeGreaterThan(0.2);
        vendors.Confidence.ShouldBeLessThan(0.6);
    }

    [Fact]
    public async Task TheWorkflowDiagram_ShowsThePathTaken_AndWhereTheCaseWaits()
    {
        var created = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");
        var diagram = await (await Dispatcher.GetAsync($"/api/cases/{created.Id}/workflow")).ReadAsync<CaseWorkflowDiagram>();
        diagram.DefinitionId.ShouldBe("standard-case");
        var nodes = diagram.Nodes.ToDictionary(n => n.Id);
        nodes["handle"].Waiting.ShouldBeTrue();
        nodes["handle"].Runs.ShouldBe(1);
        (nodes["classify"].Runs, nodes["classify"].Waiting).ShouldBe((1, false));
        nodes.Values.Where(n => n.Runs == 0).ShouldContain(n => n.Id == "review");
        diagram.Edges.Single(e => e.Source == "start").Taken.ShouldBeTrue();
        diagram.Edges.Where(e => e.Target == "handle").ShouldContain(e => e.Taken);
        diagram.Edges.Where(e => e.Source == "handle").ShouldAllBe(e => !e.Taken);
        nodes["handle"].X.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AnEnquiry_IsAnsweredOnThePhone_AndCloses_WithTheAnswerAsItsReply()
    {
        var created = await ReceiveAsync("咨询办理居住证需要什么材料", "想了解居住证办理流程", kind: "Enquiry");
        (await (await Dispatcher.PostJsonAsync($"/api/cases/{created.Id}/answer", new { answer = " " })).ReadProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("answer", out _).ShouldBeTrue();
        var answered = await (await Dispatcher.PostJsonAsync($"/api/cases/{created.Id}/answer", new { answer = "携带身份证和租房合同到社区办理" })).ReadAsync<CaseDto>();
        (answered.Status, answered.ReplyText).ShouldBe(("Closed", "携带身份证和租房合同到社区办理"));
        (await Dispatcher.PostJsonAsync($"/api/cases/{created.Id}/answer", new { answer = "再答一次" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AnOpenWorkbench_IsToldWhenCasesChange()
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.Server.BaseAddress, WorkbenchHub.Route.TrimStart('/')), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
                o.Headers["X-CaseHub-User"] = "dispatcher";
            })
            .Build();
        connection.On(WorkbenchHub.CasesChanged, () => changed.TrySetResult());
        await connection.StartAsync();

        await ReceiveAsync("路灯不亮", "小区门口路灯坏了");
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        changed.Task.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task TheHub_RefusesAnonymousConnections()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.Server.BaseAddress, WorkbenchHub.Route.TrimStart('/')), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
            })
            .Build();
        var refused = await Should.ThrowAsync<HttpRequestException>(() => connection.StartAsync());
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

public sealed class WorkbenchApiTests_Sqlite() : WorkbenchApiTests(DatabaseProvider.Sqlite);

public sealed class WorkbenchApiTests_Postgres() : WorkbenchApiTests(DatabaseProvider.Postgres);
