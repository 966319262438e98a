using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Cases.Features.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CaseHub.Web.Tests.Browser;

/// <summary>
/// The workbench in a real Chromium, in Chinese, against the real API (issue 5, section 7): dispatch from the queue,
/// accept and complete in the department, a red card on the supervision board, jurisdiction, and the citizen pages.
/// Each test has its own app and database; data is set up through the API and outcomes are checked through it.
/// </summary>
public sealed class WorkbenchBrowserTests(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public Task ADispatcher_ClaimsAnUnmatchedCase_AndDispatchesItThroughTheDrawer() => InBrowserAsync(async () =>
    {
        var created = await ReceiveAsync("井盖松动有异响", "路口的井盖松动，车辆经过时有很大的响声", located: false);
        var department = City.Departments.Single(d => d.Code == "LJ-CG");

        var page = await NewPageAsync();
        await SignInAsync(page, "dispatcher");
        await Expect(page).ToHaveURLAsync(new Regex("/dispatch$"));
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^未匹配") }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = created.TrackingNumber });
        await row.ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^认领\s*c$") }).ClickAsync();
        await Expect(row).ToContainTextAsync("dispatcher"); // the holder column
        (await SummaryAsync(created.TrackingNumber)).TaskAssignee.ShouldBe("dispatcher");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^派单\s*d$") }).ClickAsync();
        var drawer = page.GetByRole(AriaRole.Dialog);
        await Expect(drawer).ToContainTextAsync($"派单：{created.TrackingNumber}");
        var picker = drawer.GetByLabel("承办单位");
        await picker.ClickAsync();
        await picker.FillAsync(department.Code);
        // Enter takes the one option left by the filter; a click could land on the form's help text while the list moves.
        await Expect(page.Locator($".ant-select-item-option-active[title='{department.Name}（{department.Code}）']")).ToBeVisibleAsync();
        await picker.PressAsync("Enter");
        // The item's rule may name another department: then the override needs a reason, and giving one never hurts.
        await drawer.GetByLabel("改派理由").FillAsync("井盖属城管部门日常巡查养护范围");
        await drawer.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^派\s*单$") }).ClickAsync();
        // The row leaving the queue, not the toast: a toast shows for 3 s, and a busy CI machine once looked too late.
        await Expect(row).ToHaveCountAsync(0);

        var dispatched = await SummaryAsync(created.TrackingNumber);
        (dispatched.Status, dispatched.DepartmentCode).ShouldBe(("Dispatched", department.Code));
    });

    [Fact]
    public Task ADispatchersOpenQueue_ShowsANewCase_WithoutReloading() => InBrowserAsync(async () =>
    {
        var page = await NewPageAsync();
        // The hub's socket, opened only after a negotiation the server accepted (it checks the antiforgery header).
        var socket = page.WaitForWebSocketAsync(new() { Predicate = s => s.Url.Contains("/hubs/workbench", StringComparison.Ordinal) });
        await SignInAsync(page, "dispatcher");
        await Expect(page).ToHaveURLAsync(new Regex("/dispatch$"));
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^未匹配") }).ClickAsync();
        await Expect(page.Locator(".ant-table-placeholder")).ToBeVisibleAsync();
        (await socket).IsClosed.ShouldBeFalse();

        var created = await ReceiveAsync("路边垃圾桶满溢", "小区外面的垃圾桶两天没人清运，已经溢出来了", located: false);

        // The page polls every 30 s as a fallback; well within that, the row can only have come from the push.
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = created.TrackingNumber }))
            .ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^未匹配") }).Locator(".ant-badge-count[title='1']")).ToBeVisibleAsync();
    });

    [Fact]
    public Task TheDepartment_AcceptsAndCompletesItsCase_InTheInbox() => InBrowserAsync(async () =>
    {
        var created = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");
        var department = (await SummaryAsync(created.TrackingNumber)).DepartmentCode.ShouldNotBeNull();

        var page = await NewPageAsync();
        await SignInAsync(page, $"h.{department.ToLowerInvariant()}");
        await Expect(page).ToHaveURLAsync(new Regex("/inbox$"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = created.TrackingNumber });
        await Expect(row).ToContainTextAsync("已派单");
        // At 1366×768 every column shows at once: the remaining time is not hidden under the pinned actions.
        (await page.Locator(".ant-table-content").EvaluateAsync<int>("e => e.scrollWidth - e.clientWidth")).ShouldBeLessThanOrEqualTo(1);

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^签\s*收$") }).ClickAsync();
        await Expect(row).ToContainTextAsync("已签收");
        (await SummaryAsync(created.TrackingNumber)).Status.ShouldBe("Accepted");

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^办\s*结$") }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("办理结果").FillAsync("已联系城管中队清理占道摊贩，并安排夜间巡查。");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^提\s*交") }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0); // no longer the department's open work (a toast may be gone before a busy machine looks)

        (await Dispatcher.GetFromJsonAsync<Features.Cases.CaseDto>($"/api/cases/{created.TrackingNumber}", CaseHubApp.Json))!
            .Status.ShouldBe("Completed");
    });

    [Fact]
    public Task AHandler_WorksTheInboxFromTheKeyboard() => InBrowserAsync(async () =>
    {
        var first = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");
        var second = await ReceiveAsync("菜市场门口占道经营", "菜市场门口的摊贩把人行道占满了");
        var department = (await SummaryAsync(first.TrackingNumber)).DepartmentCode.ShouldNotBeNull();
        (await SummaryAsync(second.TrackingNumber)).DepartmentCode.ShouldBe(department);

        var page = await NewPageAsync();
        await SignInAsync(page, $"h.{department.ToLowerInvariant()}");
        var rows = page.Locator(".ant-table-tbody tr.ant-table-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("aria-selected", "true");

        await page.Keyboard.PressAsync("j");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        var chosen = (await rows.Nth(1).Locator("td").First.InnerTextAsync()).Trim();
        var other = chosen == first.TrackingNumber ? second.TrackingNumber : first.TrackingNumber;

        await page.Keyboard.PressAsync("a");
        await Expect(rows.Filter(new() { HasText = chosen })).ToContainTextAsync("已签收");
        (await SummaryAsync(chosen)).Status.ShouldBe("Accepted");
        (await SummaryAsync(other)).Status.ShouldBe("Dispatched");

        // Accepting re-sorts nothing here (same due time), so the selection stays on the accepted case.
        await Expect(rows.Filter(new() { HasText = chosen })).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("f");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"办结：{chosen}");
        await dialog.GetByLabel("办理结果").FillAsync("已清理占道摊贩");
        await dialog.GetByLabel("办理结果").PressAsync("Control+Enter"); // submits, as the 提交（Ctrl+Enter） button does
        await Expect(rows.Filter(new() { HasText = chosen })).ToHaveCountAsync(0);

        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0); // keys typed while it fades out land in its field
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "快捷键" })).ToContainTextAsync("签收选中案件");
    });

    [Fact]
    public Task TheCasePage_NamesTheDepartmentOnEachClock_AndShowsNoCardBeforeOneFalls() => InBrowserAsync(async () =>
    {
        var created = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");
        var code = (await SummaryAsync(created.TrackingNumber)).DepartmentCode.ShouldNotBeNull();
        var department = City.Departments.Single(d => d.Code == code);

        var page = await NewPageAsync();
        await SignInAsync(page, "dispatcher");
        await page.GotoAsync($"/cases/{created.TrackingNumber}");
        var clocks = page.Locator(".ant-card").Filter(new() { Has = page.GetByText("环节时限", new() { Exact = true }) });
        var accept = clocks.GetByRole(AriaRole.Row).Filter(new() { HasText = "签收" });
        await Expect(accept).ToContainTextAsync(department.Name);
        await Expect(accept.GetByRole(AriaRole.Cell, new() { Name = code, Exact = true })).ToHaveCountAsync(0);
        // No card yet: the heading shows none, not the tables' "—".
        var heading = page.Locator(".ant-card").First;
        await Expect(heading).ToContainTextAsync(created.TrackingNumber);
        await Expect(heading).Not.ToContainTextAsync("—");
    });

    [Fact]
    public Task ASupervisor_SeesARedCardOnTheBoard_AfterTheAcceptClockRunsOut() => InBrowserAsync(async () =>
    {
        // Received and dispatched on Monday at 09:00: 签收 is due at 11:00, and its red card falls 2 working days later.
        var created = await ReceiveAsync("路灯整排不亮", "滨河路一整排路灯晚上都不亮，行人看不清路");

        var page = await NewPageAsync();
        await SignInAsync(page, "supervisor");
        await Expect(page).ToHaveURLAsync(new Regex("/supervision$"));
        await Expect(page.GetByText("超时案件（0）")).ToBeVisibleAsync();

        await AdvanceAsync(TimeSpan.FromDays(3)); // Thursday 09:00
        await page.ReloadAsync();
        // Three days on, the 8-hour session has expired: the supervisor signs in again and is taken back to the board.
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await SignInAsync(page, "supervisor");
        await Expect(page).ToHaveURLAsync(new Regex("/supervision$"));
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = created.TrackingNumber });
        var red = rows.Filter(new() { Has = page.Locator("[data-card=Red]") });
        await Expect(red.First).ToBeVisibleAsync();
        await Expect(red.First.Locator("[data-card=Red]")).ToHaveTextAsync("红牌");
        await Expect(red.First).ToContainTextAsync("签收");
        // The board fits its part of a 1366×768 screen: lateness, card and actions without scrolling sideways.
        var board = OverdueBoard(page);
        (await board.Locator(".ant-table-content").EvaluateAsync<int>("e => e.scrollWidth - e.clientWidth")).ShouldBeLessThanOrEqualTo(1);
        await Expect(red.First.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^督\s*办$") })).ToBeInViewportAsync();
    });

    [Fact]
    public Task AHandlerOfAnotherDepartment_CannotSeeTheCase_NorFindItInTheInbox() => InBrowserAsync(async () =>
    {
        const string title = "楼上住户深夜装修噪音扰民";
        const string description = "楼上住户连续一周深夜十二点后还在装修，电钻声严重影响休息";
        var created = await ReceiveAsync(title, description);
        var owner = (await SummaryAsync(created.TrackingNumber)).DepartmentCode.ShouldNotBeNull();
        var other = OtherDepartment(owner);

        var page = await NewPageAsync();
        await SignInAsync(page, $"h.{other.Code.ToLowerInvariant()}");
        await Expect(page).ToHaveURLAsync(new Regex("/inbox$"));
        var body = page.Locator("body");

        // What the page was given, not only what it shows: the case page's read is a 404 ...
        var read = await page.RunAndWaitForResponseAsync(() => page.GotoAsync($"/cases/{created.TrackingNumber}"),
            r => r.Url.EndsWith($"/api/cases/{created.TrackingNumber}", StringComparison.Ordinal));
        read.Status.ShouldBe(404);
        await Expect(page.GetByText("未找到该案件。")).ToBeVisibleAsync();
        foreach (var text in new[] { title, description, created.TrackingNumber, "张三" })
            await Expect(body).Not.ToContainTextAsync(text);

        // ... and the inbox's list is empty.
        var list = await page.RunAndWaitForResponseAsync(() => page.GotoAsync("/inbox"), r => r.Url.Contains("/api/cases?", StringComparison.Ordinal));
        list.Status.ShouldBe(200);
        (await list.JsonAsync())!.Value.GetProperty("items").GetArrayLength().ShouldBe(0);
        await Expect(page.Locator(".ant-table-placeholder")).ToContainTextAsync("暂无数据");
        await Expect(body).Not.ToContainTextAsync(title);
    });

    [Fact]
    public Task ACitizen_ReportsACase_AndLooksUpItsStatus_WithTheLastFourPhoneDigits() => InBrowserAsync(async () =>
    {
        var grid = City.Grids[0];
        var page = await NewPageAsync();
        await page.GotoAsync("/public/report");
        await page.GetByLabel("标题").FillAsync("公园健身器材损坏");
        await page.GetByLabel("详细描述").FillAsync("社区公园里的单杠断了一根，孩子玩耍很危险");
        await page.GetByLabel("纬度").FillAsync(grid.CentreLat.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("经度").FillAsync(grid.CentreLng.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("姓名").FillAsync("李四");
        await page.GetByLabel("手机号").FillAsync("13998765432");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^提\s*交$") }).ClickAsync();

        var number = page.GetByTestId("tracking-number");
        await Expect(number).ToHaveTextAsync(new Regex(@"^\d+$"));
        var trackingNumber = await number.TextContentAsync() ?? "";
        var summary = await SummaryAsync(trackingNumber);
        summary.Channel.ShouldBe("CitizenApp");
        var department = City.Departments.Single(d => d.Code == summary.DepartmentCode.ShouldNotBeNull());

        await page.GetByRole(AriaRole.Button, new() { Name = "查询进度" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/public/status"));
        await Expect(page.GetByLabel("受理编号")).ToHaveValueAsync(trackingNumber);
        var phone = page.GetByLabel("手机号后四位");
        await phone.FillAsync("0000");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^查\s*询$") }).ClickAsync();
        var notFound = page.GetByText("未找到该案件，请核对受理编号和手机号后四位。");
        await Expect(notFound).ToBeVisibleAsync();

        // Enter submits as a citizen on a phone would; a second click on the button once timed out on a busy CI
        // machine while the form's validation messages came and went around it.
        await phone.FillAsync("5432");
        await phone.PressAsync("Enter");
        await Expect(notFound).ToBeHiddenAsync();
        var status = page.Locator(".ant-descriptions");
        await Expect(status).ToContainTextAsync(trackingNumber);
        await Expect(status).ToContainTextAsync("公园健身器材损坏");
        await Expect(status).ToContainTextAsync(department.Name);
        await Expect(status).ToContainTextAsync("暂无答复");
        var stage = (await Dispatcher.GetFromJsonAsync<JsonElement>($"/api/public/cases/{trackingNumber}?phone=5432")).GetProperty("statusName").GetString()!;
        await Expect(status).ToContainTextAsync(stage);
    });

    [Fact]
    public Task AnAgent_FindsACallersCaseByPhone_AndOpensACaseByItsTrackingNumber() => InBrowserAsync(async () =>
    {
        var earlier = await ReceiveAsync("路灯不亮", "小区门口路灯坏了一个星期");
        var created = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");

        var page = await NewPageAsync();
        await SignInAsync(page, "dispatcher");
        await Expect(page).ToHaveURLAsync(new Regex("/dispatch$"));
        // From any page, Ctrl+K reaches the header's find box: a phone number lists the caller's cases.
        var find = page.GetByRole(AriaRole.Searchbox, new() { Name = "快速查找案件" });
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^未匹配") })).ToBeVisibleAsync(); // the page is up, its keys listening
        await page.Keyboard.PressAsync("Control+k");
        await Expect(find).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("13812345678");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/cases\\?phone=13812345678$"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = earlier.TrackingNumber })).ToBeVisibleAsync();

        await page.GotoAsync("/cases");
        await page.GetByLabel("来电号码").FillAsync("138-1234-5678");
        await page.GetByLabel("来电号码").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("phone=138-1234-5678"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = created.TrackingNumber });
        await Expect(row).ToContainTextAsync("已派单");
        // The criteria and every column fit 1366×768 without scrolling sideways.
        (await page.Locator(".ant-table-content").EvaluateAsync<int>("e => e.scrollWidth - e.clientWidth")).ShouldBeLessThanOrEqualTo(1);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).ShouldBeLessThanOrEqualTo(1);

        var keyword = page.GetByLabel("受理编号、标题或地址");
        await keyword.FillAsync(created.TrackingNumber);
        await keyword.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"/cases/{created.TrackingNumber}$"));
        // The same caller's other case, on the case page: a repeat call is seen for what it is.
        var related = page.GetByRole(AriaRole.Region, new() { Name = "该诉求人的其他诉求" });
        await related.GetByRole(AriaRole.Link, new() { Name = earlier.TrackingNumber }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/cases/{earlier.TrackingNumber}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "路灯不亮" })).ToBeVisibleAsync();
    });


    private static ILocator OverdueBoard(IPage page) =>
        page.Locator(".ant-card").Filter(new() { Has = page.GetByText(new Regex("^超时案件（")) });

    /// <summary>A department beside <paramref name="owner"/>: serving the same place if there is one, so only the department differs.</summary>
    private DemoDepartment OtherDepartment(string owner)
    {
        var ownerUnit = City.Departments.Single(d => d.Code == owner).OrgUnitCode;
        return City.Departments.FirstOrDefault(d => d.Code != owner && d.OrgUnitCode == ownerUnit)
            ?? City.Departments.First(d => d.Code != owner);
    }
}
