using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Web.Features.Workflows;
using Microsoft.EntityFrameworkCore;
using CaseHub.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CaseHub.Web.Tests.Browser;

/// <summary>
/// The workflow designer in a real Chromium, in Chinese, as the demo workflow admin (issue 6, section 8): a validation
/// error blocks publishing and names its node until the property form fixes it; the dry-run shows the department
/// and card times a real case of the same facts got; a limit in working days falls on the calendar; and the README's
/// guide, followed step by step on the standard flow, publishes a version the next case runs.
/// </summary>
public sealed class DesignerBrowserTests(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.CreateCustomTimeZone("Beijing", TimeSpan.FromHours(8), "Beijing", "Beijing");

    [Fact]
    public Task AValidationError_BlocksPublishingAndNamesTheNode_UntilThePropertyFormFixesIt() => InBrowserAsync(async () =>
    {
        using var admin = App.ClientAs("wfadmin");
        var created = await admin.PostAsync("/api/workflows/definitions", new StringContent(GreetingWithoutText(), Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/greeting");
        await Expect(page.Locator(".x6-node")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("publish")).ToBeDisabledAsync();
        await page.GetByTestId("issues-tab").ClickAsync();
        var issues = page.GetByTestId("issue-list");
        await Expect(issues).ToContainTextAsync("问候一下");

        // The issue jumps to its node; the form marks the required text, and filling it clears the error.
        await issues.GetByText("问候一下").ClickAsync();
        await Expect(page.GetByLabel("显示名称")).ToHaveValueAsync("问候一下");
        await page.GetByLabel("文字").FillAsync("您好，已收到您的诉求");
        await Expect(page.GetByTestId("publish")).ToBeEnabledAsync();
        await page.GetByTestId("publish").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^确\s*定$") }).ClickAsync();
        await Expect(page.GetByTestId("version-tag")).ToContainTextAsync("已发布");

        var published = JsonNode.Parse(await admin.GetStringAsync("/api/workflows/definitions/greeting/export"))!;
        var greeting = published["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "greet")!;
        ((string?)greeting["text"]!["expression"]!["value"]).ShouldBe("您好，已收到您的诉求");
    });

    [Fact]
    public Task TheDryRun_ShowsTheDepartmentAndCardTimes_ThatARealCaseOfTheSameFactsGot() => InBrowserAsync(async () =>
    {
        var real = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行");
        var summary = await SummaryAsync(real.TrackingNumber);
        summary.Status.ShouldBe("Dispatched");
        List<CaseDeadline> clocks;
        await using (var db = App.NewDbContext())
            clocks = await db.Set<CaseDeadline>().AsNoTracking().Where(d => d.CaseId == real.Id && d.ClosedAt == null).ToListAsync();
        clocks.ShouldNotBeEmpty();

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/standard-case");
        await Expect(page.GetByTestId("designer-canvas").Locator(".x6-node").First).ToBeVisibleAsync();
        var panel = await DesignerCanvas.StartDryRunAsync(page, real.Id);

        await Expect(panel.GetByTestId("dry-run-department")).ToContainTextAsync($"{summary.DepartmentName} ({summary.DepartmentCode})");
        var cards = panel.GetByTestId("dry-run-cards");
        foreach (var clock in clocks)
            foreach (var at in new[] { clock.BlueAt, clock.DueAt, clock.RedAt })
                await Expect(cards).ToContainTextAsync(TimeZoneInfo.ConvertTime(at, Beijing).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));

        // Stepping on to the callback and letting its time run out: every choice is named as the admin chose it.
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^已办结$") }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^通\s*过$") }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^让“.+”的时限到期") }).ClickAsync();
        await Expect(panel).ToContainTextAsync("→ 时限到期");
        await Expect(panel).ToContainTextAsync("→ 通过");
        await Expect(panel).Not.ToContainTextAsync("@timer");

        // Nothing real was touched: still one case, and it has not moved on.
        (await SummaryAsync(real.TrackingNumber)).Status.ShouldBe("Dispatched");
    });

    [Fact]
    public Task AKeyboardUser_WalksTheFlowWithArrowKeys_MovesAnActivityWithAlt_AndLetsGoWithEscape() => InBrowserAsync(async () =>
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/standard-case");
        var canvas = page.GetByTestId("designer-canvas");
        await Expect(canvas.Locator(".x6-node").First).ToBeVisibleAsync();
        await Expect(canvas).ToHaveAttributeAsync("tabindex", "0"); // reachable with Tab, not only by clicking
        var selectedId = page.GetByTestId("property-panel").Locator("input").First;

        await canvas.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        var boxes = await NodeBoxesAsync(canvas);
        var first = boxes.OrderBy(b => b.CentreY).ThenBy(b => b.CentreX).First();
        await Expect(selectedId).ToHaveValueAsync(first.Id); // nothing selected: the first in reading order

        await page.Keyboard.PressAsync("ArrowRight");
        // The nearest to the right, where straying up or down counts double.
        var right = boxes.Where(b => b.CentreX > first.CentreX).MinBy(b => b.CentreX - first.CentreX + 2 * Math.Abs(b.CentreY - first.CentreY))!;
        await Expect(selectedId).ToHaveValueAsync(right.Id);

        var moved = DesignerCanvas.Node(page, right.Id);
        var placed = await moved.GetAttributeAsync("transform");
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Expect(moved).Not.ToHaveAttributeAsync("transform", placed!);
        (await NodeBoxesAsync(canvas)).Single(b => b.Id == right.Id).CentreY.ShouldBeGreaterThan(right.CentreY);
        await Expect(page.GetByTestId("version-tag")).ToContainTextAsync("草稿"); // the move is an edit, saved as a draft

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("property-panel")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task TheCanvasTools_SearchThePalette_CopyPasteSeveral_UndoRedo_Zoom_Fit_AndLayOutAsOneStep() => InBrowserAsync(async () =>
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/standard-case");
        var canvas = page.GetByTestId("designer-canvas");
        var nodes = canvas.Locator(".x6-node");
        await Expect(nodes.First).ToBeVisibleAsync();
        var count = await nodes.CountAsync();

        // The palette finds an activity by either language's name.
        var palette = page.GetByTestId("palette");
        var search = page.GetByLabel("搜索活动");
        await search.FillAsync("审核");
        await Expect(palette.Locator("[data-type='CaseHub.Review']")).ToBeVisibleAsync();
        await Expect(palette.Locator("[data-type='CaseHub.Handle']")).ToHaveCountAsync(0);
        await search.FillAsync("review");
        await Expect(palette.Locator("[data-type='CaseHub.Review']")).ToBeVisibleAsync();
        await search.FillAsync("");

        // Ctrl+click selects several; a copy brings the connection between them along, with new ids.
        await DesignerCanvas.Node(page, "handle").ClickAsync();
        await DesignerCanvas.Node(page, "review").ClickAsync(new() { Modifiers = [KeyboardModifier.Control] });
        await Expect(page.GetByText("已选中 2 个活动")).ToBeVisibleAsync();
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SolutionFolder(), "workflows", "standard-case.json")))!;
        var between = shipped["root"]!["connections"]!.AsArray()
            .Count(c => (string?)c!["source"]!["activity"] is "handle" or "review" && (string?)c["target"]!["activity"] is "handle" or "review");
        between.ShouldBeGreaterThan(0);
        var edges = canvas.Locator(".x6-edge");
        var edgeCount = await edges.CountAsync();
        await page.Keyboard.PressAsync("Control+c");
        await page.Keyboard.PressAsync("Control+v");
        await Expect(nodes).ToHaveCountAsync(count + 2);
        await Expect(edges).ToHaveCountAsync(edgeCount + between);
        await Expect(DesignerCanvas.Node(page, "handle-copy")).ToBeVisibleAsync();
        await Expect(DesignerCanvas.Node(page, "review-copy")).ToBeVisibleAsync();

        // Undo takes the paste back as one step, redo restores it, Delete removes the pasted selection.
        await page.Keyboard.PressAsync("Control+z");
        await Expect(nodes).ToHaveCountAsync(count);
        await page.Keyboard.PressAsync("Control+y");
        await Expect(nodes).ToHaveCountAsync(count + 2);
        await DesignerCanvas.Node(page, "handle-copy").ClickAsync();
        await DesignerCanvas.Node(page, "review-copy").ClickAsync(new() { Modifiers = [KeyboardModifier.Control] });
        await page.Keyboard.PressAsync("Delete");
        await Expect(nodes).ToHaveCountAsync(count);

        // Zoom in magnifies; fit brings every activity into the canvas.
        var before = await ScaleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "放大" }).ClickAsync();
        (await ScaleAsync(page)).ShouldBeGreaterThan(before);
        await page.GetByRole(AriaRole.Button, new() { Name = "适应画布 (F)" }).ClickAsync();
        var frame = (await canvas.BoundingBoxAsync())!;
        foreach (var box in await NodeBoxesAsync(canvas))
        {
            box.X.ShouldBeGreaterThanOrEqualTo(frame.X - 1);
            box.Y.ShouldBeGreaterThanOrEqualTo(frame.Y - 1);
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(frame.X + frame.Width + 1);
            (box.Y + box.Height).ShouldBeLessThanOrEqualTo(frame.Y + frame.Height + 1);
        }

        // Auto-layout leaves no activity on top of another, and one undo puts every activity back where it was.
        // Both run in the click's or key's own handler and X6 draws synchronously, so the page shows them at once. The
        // shipped flow is laid out already; moving one activity away gives the layout something to do.
        await DesignerCanvas.Node(page, "review").ClickAsync();
        for (var i = 0; i < 8; i++)
            await page.Keyboard.PressAsync("Alt+ArrowDown");
        var drawn = await TransformsAsync(canvas);
        await page.GetByRole(AriaRole.Button, new() { Name = "自动布局" }).ClickAsync();
        (await TransformsAsync(canvas)).ShouldNotBe(drawn);
        var laidOut = await NodeBoxesAsync(canvas);
        foreach (var (a, i) in laidOut.Select((b, i) => (b, i)))
            foreach (var b in laidOut.Skip(i + 1))
                (a.X + a.Width <= b.X || b.X + b.Width <= a.X || a.Y + a.Height <= b.Y || b.Y + b.Height <= a.Y)
                    .ShouldBeTrue($"{a.Id} overlaps {b.Id}");
        await canvas.FocusAsync();
        await page.Keyboard.PressAsync("Control+z");
        (await TransformsAsync(canvas)).ShouldBe(drawn);
    });

    [Fact]
    public Task VersionHistory_ShowsTheDiffOnTheCanvas_AndRevertsAnOlderVersionIntoTheDraft() => InBrowserAsync(async () =>
    {
        // v1 is the shipped standard flow under another id; the draft adds an activity after the start and renames 审核.
        using var admin = App.ClientAs("wfadmin");
        var doc = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SolutionFolder(), "workflows", "standard-case.json")))!;
        doc["id"] = "diff-demo";
        doc["definitionId"] = "diff-demo";
        await admin.PublishAsync(doc.ToJsonString());
        var flow = doc["root"]!;
        flow["activities"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "extra", ["type"] = "Elsa.WriteLine", ["version"] = 1, ["name"] = "新增步骤",
            ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "x" } },
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 100, ["y"] = 600 } } },
        });
        flow["activities"]!.AsArray().Single(a => (string?)a!["id"] == "review")!["name"] = "复核";
        flow["connections"]!.AsArray().Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" },
            ["target"] = new JsonObject { ["activity"] = "extra", ["port"] = "In" },
        });
        var draft = await admin.PostAsync("/api/workflows/definitions?replaceDraft=true", new StringContent(doc.ToJsonString(), Encoding.UTF8, "application/json"));
        draft.StatusCode.ShouldBe(HttpStatusCode.OK, await draft.Content.ReadAsStringAsync());

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/diff-demo");
        await Expect(DesignerCanvas.Node(page, "extra")).ToBeVisibleAsync();
        await CompareTheTwoVersionsAsync(page);

        var summary = page.GetByTestId("diff-summary");
        await Expect(summary).ToContainTextAsync("新增extra");
        await Expect(summary).ToContainTextAsync("修改review (name)");
        await Expect(summary).ToContainTextAsync("新增连线start:Done->extra:In");
        // On the diff's canvas: the added activity and connection in green, the renamed one in orange, the rest plain.
        var diff = page.Locator(".ant-modal");
        await Expect(diff.Locator(".x6-node[data-cell-id='extra'] rect").First).ToHaveAttributeAsync("stroke", "#52c41a");
        await Expect(diff.Locator(".x6-node[data-cell-id='review'] rect").First).ToHaveAttributeAsync("stroke", "#fa8c16");
        await Expect(diff.Locator(".x6-node[data-cell-id='handle'] rect").First).ToHaveAttributeAsync("stroke", "#bfbfbf");
        await Expect(diff.Locator(".x6-edge[data-cell-id='start:Done->extra:In'] path").Last).ToHaveAttributeAsync("stroke", "#52c41a");
        await Expect(diff.Locator(".x6-edge[data-cell-id='handle:Completed->review:In'] path").Last).ToHaveAttributeAsync("stroke", "#8c8c8c");
        await page.Keyboard.PressAsync("Escape");

        // Reverting v1 makes it the draft again: the added activity is gone from the canvas and from the saved draft.
        await page.Locator(".ant-drawer .ant-table-row").Filter(new() { HasText = "v1" }).GetByRole(AriaRole.Button, new() { Name = "恢复为草稿" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^确\s*定$") }).ClickAsync();
        await Expect(DesignerCanvas.Node(page, "extra")).ToHaveCountAsync(0);
        var reverted = JsonNode.Parse(await admin.GetStringAsync("/api/workflows/definitions/diff-demo/draft"))!;
        reverted["root"]!["activities"]!.AsArray().Select(a => (string?)a!["id"]).ShouldNotContain("extra");
        ((string?)reverted["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "review")!["name"]).ShouldBe("审核");
    });

    [Fact]
    public Task TheDiffOfVersionsWithoutPositions_IsLaidOutAlongTheFlow() => InBrowserAsync(async () =>
    {
        // A hand-written file: the shipped standard flow with every designer position taken out.
        using var admin = App.ClientAs("wfadmin");
        var doc = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SolutionFolder(), "workflows", "standard-case.json")))!;
        doc["id"] = "diff-unplaced";
        doc["definitionId"] = "diff-unplaced";
        foreach (var activity in doc["root"]!["activities"]!.AsArray())
            activity!.AsObject().Remove("metadata");
        await admin.PublishAsync(doc.ToJsonString());
        doc["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "review")!["name"] = "复核";
        var draft = await admin.PostAsync("/api/workflows/definitions?replaceDraft=true", new StringContent(doc.ToJsonString(), Encoding.UTF8, "application/json"));
        draft.StatusCode.ShouldBe(HttpStatusCode.OK, await draft.Content.ReadAsStringAsync());

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/diff-unplaced");
        await Expect(DesignerCanvas.Node(page, "review")).ToBeVisibleAsync();
        await CompareTheTwoVersionsAsync(page);

        var diff = page.Locator(".ant-modal");
        await Expect(diff.Locator(".x6-node[data-cell-id='review'] rect").First).ToHaveAttributeAsync("stroke", "#fa8c16");
        var boxes = (await NodeBoxesAsync(diff)).ToDictionary(b => b.Id);
        boxes.Count.ShouldBe(doc["root"]!["activities"]!.AsArray().Count);
        // Laid out as a flow, the main path runs one way, left to right or top to bottom. Without a layout the activities
        // sit in a grid in file order, six to a row, and the path turns back at the row's end.
        string[] mainPath = ["start", "classify", "locate", "detect-duplicate", "auto-dispatch", "handle", "review", "reply", "callback", "close", "end"];
        var steps = mainPath.Zip(mainPath.Skip(1), (from, to) => (From: boxes[from], To: boxes[to])).ToList();
        (steps.All(s => s.To.CentreX > s.From.CentreX) || steps.All(s => s.To.CentreY > s.From.CentreY))
            .ShouldBeTrue(string.Join("; ", mainPath.Select(id => $"{id} ({boxes[id].CentreX:F0}, {boxes[id].CentreY:F0})")));
    });

    [Fact]
    public Task TheDefinitionList_CountsRunningInstances_CreatesClonesAndDeletesADraft() => InBrowserAsync(async () =>
    {
        await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行"); // one standard-case instance, waiting
        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer");
        var standard = page.Locator("tr[data-row-key='standard-case']");
        await Expect(standard.Locator("td").Nth(2)).ToHaveTextAsync("v1"); // published
        await Expect(standard.Locator("td").Nth(5)).ToHaveTextAsync("1"); // running instances

        // A new definition starts as a draft and opens in the designer.
        await page.GetByRole(AriaRole.Button, new() { Name = "新建流程" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // As with the clone dialog below: fill only once the form is seeded, or the seeding can wipe what was typed.
        await Expect(dialog.GetByLabel("名称")).ToHaveValueAsync("新流程");
        await dialog.GetByLabel("流程标识").FillAsync("my-flow");
        await dialog.GetByLabel("名称").FillAsync("我的流程");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^确\s*定$") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/designer/my-flow$"));
        await Expect(page.GetByTestId("version-tag")).ToContainTextAsync("草稿");

        // A clone copies every activity under the new id.
        await page.GotoAsync("/designer");
        var shipped = await CountNodesAsync(page, "standard-case");
        await page.GotoAsync("/designer");
        await standard.GetByRole(AriaRole.Button, new() { Name = "复制" }).ClickAsync();
        var cloneDialog = page.GetByRole(AriaRole.Dialog);
        // The form is seeded as the dialog opens; under load a click before that could land on the form it replaced
        // (the dialog stayed open, filled in, in one CI run).
        await Expect(cloneDialog.GetByLabel("名称")).ToHaveValueAsync("接诉即办标准流程");
        await cloneDialog.GetByLabel("流程标识").FillAsync("standard-case-copy");
        await cloneDialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^确\s*定$") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/designer/standard-case-copy$"));
        await Expect(page.GetByTestId("designer-canvas").Locator(".x6-node")).ToHaveCountAsync(shipped);

        // Deleting the only version, a draft, removes the definition; the published one keeps its row.
        await page.GotoAsync("/designer");
        var mine = page.Locator("tr[data-row-key='my-flow']");
        await Expect(mine.Locator("td").Nth(2)).ToHaveTextAsync("—");
        await Expect(mine.Locator("td").Nth(3)).ToHaveTextAsync("v1");
        await mine.GetByRole(AriaRole.Button, new() { Name = "删除草稿" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^确\s*定$") }).ClickAsync();
        await Expect(mine).ToHaveCountAsync(0);
        await Expect(standard).ToHaveCountAsync(1);
    });

    private static async Task<int> CountNodesAsync(IPage page, string definitionId)
    {
        await page.GotoAsync($"/designer/{definitionId}");
        var nodes = page.GetByTestId("designer-canvas").Locator(".x6-node");
        await Expect(nodes.First).ToBeVisibleAsync();
        return await nodes.CountAsync();
    }

    private static Task<double> ScaleAsync(IPage page) =>
        page.Locator(".x6-graph-svg-viewport").EvaluateAsync<double>("v => v.getCTM().a");

    /// <summary>Where a node's body is on screen (Playwright fills it, so it has setters).</summary>
    private sealed class NodeBox
    {
        public string Id { get; set; } = "";
        public double X { get; set; }
        public double Y { get; set; }
        public double Width { get; set; }
        public double Height { get; set; }
        public double CentreX => X + Width / 2;
        public double CentreY => Y + Height / 2;
    }

    /// <summary>Opens 版本历史, picks both versions and compares them.</summary>
    private static async Task CompareTheTwoVersionsAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "版本历史" }).ClickAsync();
        var picks = page.Locator(".ant-drawer .ant-table-row .ant-checkbox-input");
        await Expect(picks).ToHaveCountAsync(2);
        await picks.Nth(0).CheckAsync();
        await picks.Nth(1).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^对\s*比$") }).ClickAsync();
    }

    private static async Task<NodeBox[]> NodeBoxesAsync(ILocator canvas) =>
        await canvas.Locator(".x6-node").EvaluateAllAsync<NodeBox[]>(
            "nodes => nodes.map(n => { const r = n.querySelector('rect').getBoundingClientRect(); return { id: n.getAttribute('data-cell-id'), x: r.x, y: r.y, width: r.width, height: r.height }; })");

    private static async Task<string> TransformsAsync(ILocator canvas) =>
        string.Join(";", await canvas.Locator(".x6-node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('data-cell-id') + n.getAttribute('transform')).sort()"));

    [Fact]
    public Task AHandlingLimitInWorkingDays_SetInTheForm_SkipsNightsInTheDryRun_AndIsSavedAsTheEngineReadsIt() => InBrowserAsync(async () =>
    {
        var real = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行"); // dispatched Monday 09:00

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/standard-case");
        var canvas = page.GetByTestId("designer-canvas");
        await canvas.Locator(".x6-node").GetByText("承办", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("显示名称")).ToHaveValueAsync("承办");
        var limit = page.GetByLabel("办理时限");
        await limit.FillAsync("5");
        await limit.PressAsync("Tab");
        await Expect(page.Locator(".ant-form-item").Filter(new() { Has = limit }).Locator(".ant-select")).ToContainTextAsync("工作日");

        var panel = await DesignerCanvas.StartDryRunAsync(page, real.Id);
        // Five working days of 7 hours from Monday 09:00 end at Friday's close, where five clock days would reach Saturday.
        var completion = panel.GetByTestId("dry-run-deadlines").GetByRole(AriaRole.Row).Filter(new() { HasText = "办结" });
        await Expect(completion).ToContainTextAsync("2025-03-07 17:30");

        // The draft saves itself (the version tag turns to the new draft); what it saved is the engine's working-time text.
        using var admin = App.ClientAs("wfadmin");
        await Expect(page.GetByTestId("version-tag")).ToContainTextAsync("草稿");
        var draft = JsonNode.Parse(await admin.GetStringAsync("/api/workflows/definitions/standard-case/draft"))!;
        var handle = draft["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "handle")!;
        ((string?)handle["dueIn"]!["expression"]!["value"]).ShouldBe("5 working days");
    });

    [Fact]
    public Task TheReadmeGuide_AddsAStepToTheStandardFlow_ChangesADeadline_DryRunsAndPublishes_AndTheNextCaseTakesTheStep() => InBrowserAsync(async () =>
    {
        var leaders = City.Departments.Single(d => d.Code == "LJ-CG");
        var sample = await ReceiveAsync("小区门口占道经营", "每天晚上有摊贩占道经营，影响通行"); // dispatched Monday 09:00
        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync("/designer/standard-case");
        var canvas = page.GetByTestId("designer-canvas");
        await Expect(DesignerCanvas.Node(page, "review")).ToBeVisibleAsync();

        // 1. A human task, dragged into the empty space right of 审核, goes between 审核's 通过 and 答复.
        var box = (await canvas.BoundingBoxAsync())!;
        await page.GetByTestId("palette").Locator("[data-type='CaseHub.HumanTask']")
            .DragToAsync(canvas, new() { TargetPosition = new() { X = box.Width * 0.78f, Y = box.Height * 0.5f } });
        await Expect(DesignerCanvas.Node(page, "human-task")).ToBeVisibleAsync();
        var approvedToReply = DesignerCanvas.Edge(page, "review", "Approved", "reply");
        await DesignerCanvas.ClickEdgeAsync(page, approvedToReply);
        await page.Keyboard.PressAsync("Delete");
        await Expect(approvedToReply).ToHaveCountAsync(0);
        var edges = await canvas.Locator(".x6-edge").CountAsync();
        await DesignerCanvas.ConnectAsync(page, "review", "Approved", "human-task");
        await DesignerCanvas.ConnectAsync(page, "human-task", "Done", "reply");
        await Expect(canvas.Locator(".x6-edge")).ToHaveCountAsync(edges + 2);

        // 2. Its form: a name, a title, and the queue picked by department name.
        await DesignerCanvas.Node(page, "human-task").ClickAsync();
        await page.GetByLabel("显示名称").FillAsync("领导审核");
        await page.GetByLabel("标题").FillAsync("领导审核办理结果");
        var queue = page.GetByLabel("办理队列");
        await queue.FillAsync(leaders.Code);
        await page.Locator($".ant-select-item-option[title='{leaders.Name} ({leaders.Code})']").ClickAsync();
        await Expect(queue).ToHaveValueAsync($"dept:{leaders.Code}");

        // 3. A deadline: 承办 gets 5 working days.
        await DesignerCanvas.Node(page, "handle").ClickAsync();
        await page.GetByLabel("办理时限").FillAsync("5");
        await page.GetByLabel("办理时限").PressAsync("Tab");
        await page.GetByTestId("issues-tab").ClickAsync();
        await Expect(page.GetByTestId("publish")).ToBeEnabledAsync();

        // 5. The dry-run of a real case: handled by Friday's close, approved, then it waits at the new step.
        var panel = await DesignerCanvas.StartDryRunAsync(page, sample.Id);
        await Expect(panel.GetByTestId("dry-run-deadlines").GetByRole(AriaRole.Row).Filter(new() { HasText = "办结" })).ToContainTextAsync("2025-03-07 17:30");
        await panel.GetByRole(AriaRole.Button, new() { Name = "已办结", Exact = true }).ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^通\s*过$") }).ClickAsync(); // antd spaces two-character labels
        await Expect(panel.GetByTestId("dry-run-result")).ToContainTextAsync("领导审核");
        await page.Locator(".ant-drawer-close").ClickAsync();

        // 6. Publish: version 2 serves new cases.
        await page.GetByTestId("publish").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^确\s*定$") }).ClickAsync();
        await Expect(page.GetByTestId("version-tag")).ToContainTextAsync("v2 已发布");

        // The next case is handled and approved through the API, then waits in the queue the form named.
        var next = await ReceiveAsync("人行道地砖松动", "小区门口人行道地砖松动，老人容易绊倒");
        var summary = await SummaryAsync(next.TrackingNumber);
        using var handler = App.ClientAs($"h.{summary.DepartmentCode!.ToLowerInvariant()}");
        await CompleteAsync(handler, await OnlyOpenTaskAsync(handler, $"dept:{summary.DepartmentCode}", next.WorkflowInstanceId!.Value), "Completed", new JsonObject { ["result"] = "已重新铺设地砖" });
        await CompleteAsync(Dispatcher, await OnlyOpenTaskAsync(Dispatcher, "review", next.WorkflowInstanceId!.Value), "Approved", null);
        using var leader = App.ClientAs($"h.{leaders.Code.ToLowerInvariant()}");
        var leaderTask = await OnlyOpenTaskAsync(leader, $"dept:{leaders.Code}", next.WorkflowInstanceId!.Value);
        (leaderTask.ActivityId, leaderTask.Title).ShouldBe(("human-task", "领导审核办理结果"));
    });

    /// <summary>Start → a WriteLine named 问候一下, missing its required text → End.</summary>
    private static string GreetingWithoutText() => new FlowchartBuilder("greeting", "问候流程")
        .Activity("start", "Elsa.Start", ("name", "开始")).Activity("greet", "Elsa.WriteLine", ("name", "问候一下")).Activity("end", "Elsa.End", ("name", "结束"))
        .Chain("start", "greet", "end").Build();
}
