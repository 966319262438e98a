using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CaseHub.Web.Tests.Browser;

/// <summary>
/// The designer's instance view in a real Chromium, in Chinese, as the demo workflow admin (issue 6, section 6): a
/// case's faulted instance shows its journal, fault and path, and Retry in the page resolves the incident once the
/// cause is fixed; the case page's link opens the case's own instance where it waits.
/// </summary>
public sealed class InstanceViewBrowserTests(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public Task ACasesFaultedInstance_ShowsItsJournalAndIncident_AndRetryInThePageResolvesIt() => InBrowserAsync(async () =>
    {
        // A case without a location waits for manual dispatch, so it has no department yet: handling it faults for real.
        var @case = await ReceiveAsync("路灯不亮", "小区门口的路灯坏了一个星期", located: false);
        using var admin = App.ClientAs("wfadmin");
        await admin.PublishAsync(HandleAtOnce());
        var instance = await (await admin.PostJsonAsync("/api/workflows/instances", new StartInstanceRequest("handle-at-once", null, null, @case.Id.ToString())))
            .ReadAsync<InstanceDto>(HttpStatusCode.Created);
        instance.Status.ShouldBe("Faulted");
        var incident = (await IncidentsAsync(admin, instance.Id)).ShouldHaveSingleItem();
        incident.Message.ShouldContain("dispatch it first");

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync($"/designer/instances/{instance.Id}");
        await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("故障");
        await Expect(page.GetByTestId("instance-case")).ToHaveTextAsync(@case.TrackingNumber);
        var canvas = page.GetByTestId("instance-canvas");
        await Expect(canvas.Locator("[data-cell-id='handle'] [data-trail='faulted']")).ToHaveCountAsync(1);
        await Expect(canvas.Locator("[data-cell-id='start'] [data-trail='ran']")).ToHaveCountAsync(1);
        await Expect(canvas.Locator("[data-cell-id='end'] [data-trail='idle']")).ToHaveCountAsync(1);
        var incidents = page.GetByTestId("instance-incidents");
        await Expect(incidents).ToContainTextAsync("dispatch it first");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^执行日志$") }).ClickAsync();
        var journal = page.GetByTestId("instance-journal");
        await Expect(journal.GetByRole(AriaRole.Row).Filter(new() { HasText = "承办" })).ToContainTextAsync("出错");

        // The dispatcher fixes the cause by dispatching the case; the admin then retries from the page.
        await DispatchAsync(@case.TrackingNumber, "LJ-CG");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^故障") }).ClickAsync();
        await incidents.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"重\s*试$") }).ClickAsync();

        await Expect(page.GetByTestId("retry-result")).ToContainTextAsync("重试成功");
        // Waiting at a task is what the engine calls Suspended.
        await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("等待中");
        await Expect(canvas.Locator("[data-cell-id='handle'] [data-trail='waiting']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("instance-waiting")).ToContainTextAsync("承办");
        await Expect(incidents).ToContainTextAsync("由 wfadmin 重试");
        var after = await IncidentsAsync(admin, instance.Id);
        after.ShouldHaveSingleItem().ResolvedBy.ShouldBe("wfadmin");
        var resumed = await (await admin.GetAsync($"/api/workflows/instances/{instance.Id}")).ReadAsync<InstanceDto>();
        (resumed.Status, resumed.OpenIncidents).ShouldBe(("Suspended", 0));
        resumed.Waiting.ShouldHaveSingleItem().ActivityId.ShouldBe("handle");
    });

    [Fact]
    public Task TheCasePagesLink_OpensTheCasesInstance_WithItsWaitingActivityHighlighted() => InBrowserAsync(async () =>
    {
        var @case = await ReceiveAsync("井盖松动有异响", "路口的井盖松动，车辆经过时有很大的响声", located: false);

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync($"/cases/{@case.TrackingNumber}");
        await page.GetByRole(AriaRole.Link, new() { Name = "在设计器中查看流程" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/designer/instances/{@case.WorkflowInstanceId}$"));
        await Expect(page.GetByTestId("instance-case")).ToHaveTextAsync(@case.TrackingNumber);
        await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("等待中");
        await Expect(page.GetByTestId("instance-canvas").Locator("[data-cell-id='manual-dispatch'] [data-trail='waiting']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("instance-waiting")).ToContainTextAsync("人工派单");
        // Instances elsewhere are counted on the badges: this one waits at manual dispatch too.
        await Expect(page.GetByTestId("instance-canvas").Locator("[data-cell-id='manual-dispatch']")).ToContainTextAsync("等待 1");
    });

    [Fact]
    public Task OnAFlowWiderThanTheView_TheActivityItWaitsAt_IsBroughtIntoView() => InBrowserAsync(async () =>
    {
        // Thirty steps 200 px apart, then a two-day wait: about 6,400 px wide, far more than the view at a legible scale.
        var flow = new FlowchartBuilder("long-chain", "长流程").Activity("start", "Elsa.Start", ("name", "开始"));
        var previous = "start";
        for (var i = 1; i <= 30; i++)
        {
            flow.WriteLine($"step-{i}", $"第 {i} 步").Connect(previous, $"step-{i}");
            previous = $"step-{i}";
        }
        flow.Delay("wait", In.Literal("2.00:00:00", "TimeSpan")).Connect(previous, "wait")
            .Activity("end", "Elsa.End", ("name", "结束")).Connect("wait", "end");
        using var admin = App.ClientAs("wfadmin");
        await admin.PublishAsync(flow.Build());
        var instance = await (await admin.PostJsonAsync("/api/workflows/instances", new StartInstanceRequest("long-chain", null, null, null)))
            .ReadAsync<InstanceDto>(HttpStatusCode.Created);
        instance.Waiting.ShouldHaveSingleItem().ActivityId.ShouldBe("wait");

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync($"/designer/instances/{instance.Id}");
        var canvas = page.GetByTestId("instance-canvas");
        var waiting = canvas.Locator("[data-cell-id='wait'] [data-trail='waiting']");
        await Expect(waiting).ToHaveCountAsync(1);

        var frame = (await canvas.BoundingBoxAsync())!;
        var box = (await waiting.BoundingBoxAsync())!;
        box.X.ShouldBeGreaterThanOrEqualTo(frame.X);
        (box.X + box.Width).ShouldBeLessThanOrEqualTo(frame.X + frame.Width);
        box.Y.ShouldBeGreaterThanOrEqualTo(frame.Y);
        (box.Y + box.Height).ShouldBeLessThanOrEqualTo(frame.Y + frame.Height);
    });

    private static async Task<List<IncidentDto>> IncidentsAsync(HttpClient admin, Guid instanceId) =>
        await (await admin.GetAsync($"/api/workflows/instances/{instanceId}/incidents")).ReadAsync<List<IncidentDto>>();

    /// <summary>Dispatches the case from the manual queue through its task, as the dispatch drawer does.</summary>
    private async Task DispatchAsync(string trackingNumber, string departmentCode)
    {
        var taskId = (await SummaryAsync(trackingNumber)).TaskId!.Value;
        (await Dispatcher.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var completed = await Dispatcher.PostJsonAsync($"/api/tasks/{taskId}/complete", new CompleteTaskRequest("Dispatched",
            new JsonObject { ["departmentCode"] = departmentCode, ["reason"] = "路灯由城管部门养护" }));
        completed.StatusCode.ShouldBe(HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        (await SummaryAsync(trackingNumber)).DepartmentCode.ShouldBe(departmentCode);
    }

    /// <summary>Start → 承办 (CaseHub.Handle) → End, placed left to right.</summary>
    private static string HandleAtOnce() => new FlowchartBuilder("handle-at-once", "直接承办")
        .Activity("start", "Elsa.Start", ("name", "开始")).Activity("handle", "CaseHub.Handle", ("name", "承办")).Activity("end", "Elsa.End", ("name", "结束"))
        .Connect("start", "handle").Connect("handle", "end", "Completed").Connect("handle", "end", "Returned").Build();
}
