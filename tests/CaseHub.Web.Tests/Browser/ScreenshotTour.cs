using System.Text.RegularExpressions;
using CaseHub.Web.Features.Cases;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CaseHub.Web.Tests.Browser;

/// <summary>A test that runs only when <c>CASEHUB_SCREENSHOTS=1</c>: it writes documentation, it checks nothing new.</summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public const string Variable = "CASEHUB_SCREENSHOTS";

    public ScreenshotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"Writes docs/screenshots; run with {Variable}=1 to regenerate them.";
    }
}

/// <summary>
/// The main pages at 1366×768 in Chinese, on the demo city with demo cases, written to <c>docs/screenshots/</c>:
/// <c>CASEHUB_SCREENSHOTS=1 dotnet test tests/CaseHub.Web.Tests --filter FullyQualifiedName~ScreenshotTour</c>.
/// </summary>
public sealed class ScreenshotTour(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output, demoCases: 120)
{
    private static readonly string Folder = Path.Combine(SolutionFolder(), "docs", "screenshots");

    [ScreenshotFact]
    public Task MainPages() => InBrowserAsync(async () =>
    {
        // Without a Chinese font Chromium draws every character as a box, and the pictures would still be written.
        var chineseFonts = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("fc-list", ":lang=zh family") { RedirectStandardOutput = true })!;
        var fonts = await chineseFonts.StandardOutput.ReadToEndAsync();
        await chineseFonts.WaitForExitAsync();
        fonts.ShouldNotBeNullOrWhiteSpace("no Chinese font: install one first, e.g. apt-get install fonts-noto-cjk");
        Directory.CreateDirectory(Folder);
        // Cards for the demo cases' clocks, then fresh calls: some without a location wait for dispatch, and run late.
        await AdvanceAsync(TimeSpan.FromMinutes(90));
        var fresh = new List<CaseDto>
        {
            await ReceiveAsync("小区地下车库积水严重", "连日降雨后地下车库积水没过脚踝，车辆无法进出", located: false),
            await ReceiveAsync("路口井盖缺失", "十字路口东侧的井盖不见了，夜间非常危险", located: false),
        };
        await AdvanceAsync(TimeSpan.FromMinutes(25));
        fresh.Add(await ReceiveAsync("餐馆油烟直排扰民", "楼下餐馆油烟直接排到居民窗口，夏天无法开窗", located: false));
        fresh.Add(await ReceiveAsync("公交站台顶棚破损", "站台顶棚玻璃碎了一块，下雨时无处避雨", located: false));
        await AdvanceAsync(TimeSpan.FromMinutes(10));
        fresh.Add(await ReceiveAsync("咨询新生儿医保办理", "想了解新生儿参加居民医保需要哪些材料", located: false));
        fresh.Add(await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行"));

        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("用户名").FillAsync("dispatcher");
        await ShootAsync(page, "login.png");

        await SignInAsync(page, "dispatcher");
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^未匹配") }).ClickAsync();
        var first = page.GetByRole(AriaRole.Row).Filter(new() { HasText = fresh[0].TrackingNumber });
        await Expect(first).ToBeVisibleAsync();
        await ShootAsync(page, "dispatch.png");

        await first.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^派单\s*d$") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("系统建议");
        await ShootAsync(page, "dispatch-drawer.png");

        // The department with the most open cases.
        var busiest = (await Task.WhenAll(City.Departments.Select(async d =>
            (d.Code, (await (await Dispatcher.GetAsync($"/api/cases?departmentCode={d.Code}&pageSize=1")).ReadAsync<CasePage>()).Total))))
            .MaxBy(d => d.Total).Code;
        var handler = await NewPageAsync();
        await SignInAsync(handler, $"h.{busiest.ToLowerInvariant()}");
        await Expect(handler.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
        await ShootAsync(handler, "inbox.png");

        // A located case that went the whole way: the richest timeline.
        var closed = (await (await Dispatcher.GetAsync("/api/cases?status=Closed&pageSize=50")).ReadAsync<CasePage>()).Items;
        var shown = closed.First(c => c.JurisdictionName is not null);
        await page.GotoAsync($"/cases/{shown.TrackingNumber}");
        await Expect(page.GetByTestId("case-point")).ToBeVisibleAsync();
        await Expect(page.GetByText(shown.Title).First).ToBeVisibleAsync();
        await ShootAsync(page, "case.png");

        // 案件查询 as it opens: the last 90 days, newest first.
        await page.GotoAsync("/cases");
        await Expect(page.GetByRole(AriaRole.Row).Nth(3)).ToBeVisibleAsync();
        await ShootAsync(page, "case-search.png");

        var supervisor = await NewPageAsync();
        await SignInAsync(supervisor, "supervisor");
        await Expect(supervisor.Locator("[data-card]").First).ToBeVisibleAsync();
        await ShootAsync(supervisor, "supervision.png");

        var replied = closed.First(c => c.Channel == "CitizenApp" || c.Channel == "Hotline");
        var phone = (await (await Dispatcher.GetAsync($"/api/cases/{replied.Id}")).ReadAsync<CaseDto>()).Complainant.Phone.ShouldNotBeNull();
        var citizen = await NewPageAsync();
        await citizen.GotoAsync($"/public/status?number={replied.TrackingNumber}");
        await citizen.GetByLabel("手机号后四位").FillAsync(phone[^4..]);
        await citizen.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^查\s*询$") }).ClickAsync();
        await Expect(citizen.Locator(".ant-descriptions")).ToContainTextAsync(replied.TrackingNumber);
        await ShootAsync(citizen, "public-status.png");

        // The designer on the standard flow, with 承办's form open, then a dry-run of a fresh case.
        var admin = await NewPageAsync();
        await SignInAsync(admin, "wfadmin");
        await admin.GotoAsync("/designer/standard-case");
        await admin.GetByTestId("designer-canvas").Locator(".x6-node").GetByText("承办", new() { Exact = true }).ClickAsync();
        await Expect(admin.GetByLabel("显示名称")).ToHaveValueAsync("承办");
        await ShootAsync(admin, "designer.png");
        var dryRun = await DesignerCanvas.StartDryRunAsync(admin, fresh[^1].Id);
        await Expect(dryRun.GetByTestId("dry-run-department")).ToBeVisibleAsync();
        await ShootAsync(admin, "designer-dry-run.png");

        // The instance view of a case waiting for manual dispatch.
        var waiting = (await (await Dispatcher.GetAsync($"/api/cases/{fresh[0].Id}")).ReadAsync<CaseDto>()).WorkflowInstanceId.ShouldNotBeNull();
        await admin.GotoAsync($"/designer/instances/{waiting}");
        await Expect(admin.GetByTestId("instance-waiting")).ToBeVisibleAsync();
        await ShootAsync(admin, "instance.png");

        // Reference data as the system admin, who may also import and edit it: an item with its rules, and a grid.
        var sysadmin = await NewPageAsync();
        await SignInAsync(sysadmin, "admin");
        await sysadmin.GotoAsync("/items?code=02020101");
        await Expect(sysadmin.GetByTestId("rules")).ToBeVisibleAsync();
        await ShootAsync(sysadmin, "items.png");
        await sysadmin.GotoAsync($"/org?code={City.Grids[0].Code}");
        await Expect(sysadmin.GetByTestId("grid-ring")).ToBeVisibleAsync();
        await ShootAsync(sysadmin, "org.png");
    });

    private async Task ShootAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Let drawers, toasts and chart animations settle: this writes pictures, it asserts nothing on time.
        await page.WaitForTimeoutAsync(1200);
        var file = Path.Combine(Folder, name);
        await page.ScreenshotAsync(new() { Path = file });
        Output.WriteLine($"{file}: {new FileInfo(file).Length / 1024} KB");
    }
}
