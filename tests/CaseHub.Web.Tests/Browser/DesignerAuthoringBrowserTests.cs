using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Workflows;
using CaseHub.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CaseHub.Web.Tests.Browser;

/// <summary>
/// Authoring in the designer as the demo workflow admin, in a real Chromium in Chinese (issue 6, section 8): a flow built
/// by dragging activities from the palette and connecting their ports, filled in with the property forms and published,
/// runs the next case the way it was drawn; and every shipped workflow file survives an import and export through the UI.
/// </summary>
public sealed class DesignerAuthoringBrowserTests(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private const string DesignedFlow = "whistle-by-hand";

    /// <summary>Chinese names stay legible in a failure message.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected override void Configure(IDictionary<string, string?> settings)
    {
        // Hotline suggestions start the flow the first test draws; no other test here receives a case.
        settings["Intake:Workflows:Hotline.Suggestion"] = DesignedFlow;
        // The shipped files are imported on start under their own ids, and importing an id that exists is a 409. With no
        // folder to import from, each shipped definition the import test exports exists only because the UI imported it.
        settings["Workflows:Folder"] = Path.Combine(Path.GetTempPath(), $"casehub-no-workflows-{Guid.NewGuid():N}");
    }

    [Fact]
    public Task AFlowDrawnByDragAndDrop_IsPublished_AndRunsTheNextCaseAsDrawn() => InBrowserAsync(async () =>
    {
        var lead = City.Departments.Single(d => d.Code == "LJ-SW");
        const string replyText = "已联系水务部门，管道抢修已完成，感谢您的建议。";
        using var admin = App.ClientAs("wfadmin");
        // Only the start: everything else comes from the palette.
        var created = await admin.PostAsync("/api/workflows/definitions", new StringContent(StartOnly(DesignedFlow, "吹哨报到（手绘）"), Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        await page.GotoAsync($"/designer/{DesignedFlow}");
        var canvas = page.GetByTestId("designer-canvas");
        await Expect(canvas.Locator(".x6-node")).ToHaveCountAsync(1);
        // The lone start is fitted at 120 %; at 80 % six activities fit the 1366×768 window side by side.
        await page.GetByRole(AriaRole.Button, new() { Name = "缩小" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "缩小" }).ClickAsync();

        // Two rows around the start (in the middle): whistle, handle and reply above, close and end below.
        var box = (await canvas.BoundingBoxAsync())!;
        var palette = page.GetByTestId("palette");
        (string Type, string Id, float X, float Y)[] drops =
        [
            ("CaseHub.Whistle", "whistle", 0.18f, 0.18f), ("CaseHub.Handle", "handle", 0.5f, 0.18f), ("CaseHub.Reply", "reply", 0.82f, 0.18f),
            ("CaseHub.Close", "close", 0.3f, 0.82f), ("Elsa.End", "end", 0.7f, 0.82f),
        ];
        foreach (var (type, id, x, y) in drops)
        {
            await palette.Locator($"[data-type='{type}']").DragToAsync(canvas, new() { TargetPosition = new() { X = box.Width * x, Y = box.Height * y } });
            await Expect(DesignerCanvas.Node(page, id)).ToBeVisibleAsync();
        }
        await Expect(canvas.Locator(".x6-node")).ToHaveCountAsync(6);

        (string From, string Port, string To)[] links =
        [
            ("start", "Done", "whistle"), ("whistle", "AllReported", "handle"), ("handle", "Completed", "reply"),
            ("reply", "Done", "close"), ("close", "Done", "end"),
        ];
        for (var i = 0; i < links.Length; i++)
        {
            await DesignerCanvas.ConnectAsync(page, links[i].From, links[i].Port, links[i].To);
            await Expect(canvas.Locator(".x6-edge")).ToHaveCountAsync(i + 1);
        }

        // The forms: the lead department is picked by name and stored by code; the reply is given and counts as answered.
        await DesignerCanvas.Node(page, "whistle").ClickAsync();
        var picker = page.GetByLabel("主办部门");
        await picker.FillAsync("水务");
        await page.Locator($".ant-select-item-option[title='{lead.Name} ({lead.Code})']").ClickAsync();
        await Expect(picker).ToHaveValueAsync(lead.Code);
        await DesignerCanvas.Node(page, "reply").ClickAsync();
        await page.GetByLabel("答复内容").FillAsync(replyText);
        await page.GetByLabel("已当场答复").ClickAsync();
        await Expect(page.GetByLabel("已当场答复")).ToBeCheckedAsync();

        await Expect(page.GetByTestId("publish")).ToBeEnabledAsync();
        await page.GetByTestId("publish").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^确\s*定$") }).ClickAsync();
        await Expect(page.GetByTestId("version-tag")).ToContainTextAsync("已发布");

        // A hotline suggestion starts the published drawing: the whistle summons the picked department at once.
        var grid = City.Grids[0];
        var @case = await (await Dispatcher.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Suggestion", title = "小区供水管道老化", description = "建议尽快更换小区里老化的供水管道，经常爆管停水",
            complainant = new { name = "李四", phone = "13900001111" },
            location = new { lat = grid.CentreLat, lng = grid.CentreLng },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
        var instance = await (await admin.GetAsync($"/api/workflows/instances/{@case.WorkflowInstanceId}")).ReadAsync<InstanceDto>();
        (instance.DefinitionId, instance.DefinitionVersion).ShouldBe((DesignedFlow, 1));
        var summary = await SummaryAsync(@case.TrackingNumber);
        (summary.Status, summary.DepartmentCode).ShouldBe(("Dispatched", lead.Code));

        // The department reports in and handles the case; the reply is the form's text, and the case closes.
        using var handler = App.ClientAs($"h.{lead.Code.ToLowerInvariant()}");
        var report = await OnlyOpenTaskAsync(handler, $"dept:{lead.Code}", @case.WorkflowInstanceId!.Value);
        report.ActivityId.ShouldBe("whistle");
        await CompleteAsync(handler, report, "Reported", null);
        var handle = await OnlyOpenTaskAsync(handler, $"dept:{lead.Code}", @case.WorkflowInstanceId!.Value);
        handle.ActivityId.ShouldBe("handle");
        await CompleteAsync(handler, handle, "Completed", new JsonObject { ["result"] = "已更换老化管道" });
        var closed = await (await Dispatcher.GetAsync($"/api/cases/{@case.Id}")).ReadAsync<CaseDto>();
        (closed.Status, closed.ReplyText).ShouldBe(("Closed", replyText));
    });

    [Fact]
    public Task EveryShippedWorkflow_ImportedAndExportedThroughTheUi_MeansWhatTheFileSays() => InBrowserAsync(async () =>
    {
        // One app for all five files: a browser test's app costs seconds, and each file gets its own definition anyway.
        var files = Directory.GetFiles(Path.Combine(SolutionFolder(), "workflows"), "*.json").Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBeGreaterThanOrEqualTo(5);
        var page = await NewPageAsync();
        await SignInAsync(page, "wfadmin");
        foreach (var file in files)
        {
            var original = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            var id = (string)original["definitionId"]!;
            await page.GotoAsync("/designer");
            await page.GetByTestId("import-file").SetInputFilesAsync(file);
            // A good import opens the new definition in the designer.
            await Expect(page).ToHaveURLAsync(new Regex($"/designer/{id}$"));
            await Expect(page.GetByTestId("designer-canvas").Locator(".x6-node")).ToHaveCountAsync(original["root"]!["activities"]!.AsArray().Count);

            await page.GotoAsync("/designer");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = id, Exact = true }) });
            var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "导出" }).ClickAsync());
            // The draft the import made: there is no published version to prefer.
            download.SuggestedFilename.ShouldBe($"{id}.v1.json");
            var exported = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!))!;
            ShouldMeanTheSame(exported, original, Path.GetFileName(file));
        }

        // An edited file whose id exists is offered as that definition's draft, and replaces the draft the first import made.
        var edited = JsonNode.Parse(await File.ReadAllTextAsync(files[0]))!;
        var again = (string)edited["definitionId"]!;
        edited["name"] = "导入后改过的名称";
        var editedFile = Path.Combine(Path.GetTempPath(), $"casehub-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(editedFile, edited.ToJsonString());
        await page.GotoAsync("/designer");
        await page.GetByTestId("import-file").SetInputFilesAsync(editedFile);
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync($"“{again}”已存在");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "导入为草稿" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/designer/{again}$"));
        using var admin = App.ClientAs("wfadmin");
        var versions = await (await admin.GetAsync($"/api/workflows/definitions/{again}/versions")).ReadAsync<List<JsonObject>>();
        versions.ShouldHaveSingleItem();
        var draft = JsonNode.Parse(await admin.GetStringAsync($"/api/workflows/definitions/{again}/draft"))!;
        ((string?)draft["name"]).ShouldBe("导入后改过的名称");
        File.Delete(editedFile);
    });

    /// <summary>
    /// Compares what a definition means: every top-level property (definition id, name, description, variables, options,
    /// …), the flowchart's own properties, each activity by id with its type, name and inputs, and the connections as a set.
    /// Ignored, because the server stamps them on every version it stores, as Elsa does: the top-level <c>id</c> (the
    /// version's own id), <c>version</c> (its number) and <c>isPublished</c> (its status: an import is a draft). Also
    /// ignored: an activity's <c>metadata.designer</c>, the position and size the designer gives a file that has none when
    /// it lays it out, and the order of the connections, which the engine does not read (it follows ports).
    /// </summary>
    private static void ShouldMeanTheSame(JsonNode exported, JsonNode original, string file)
    {
        string[] stamped = ["id", "version", "isPublished", "root"];
        foreach (var key in exported.AsObject().Select(p => p.Key).Union(original.AsObject().Select(p => p.Key)).Except(stamped))
            JsonNode.DeepEquals(exported[key], original[key]).ShouldBeTrue($"{file}: '{key}' was {original[key]?.ToJsonString(Readable)}, exported {exported[key]?.ToJsonString(Readable)}");
        var (was, now) = (original["root"]!, exported["root"]!);
        foreach (var key in now.AsObject().Select(p => p.Key).Union(was.AsObject().Select(p => p.Key)).Except(["activities", "connections"]))
            JsonNode.DeepEquals(now[key], was[key]).ShouldBeTrue($"{file}: root '{key}' was {was[key]?.ToJsonString(Readable)}, exported {now[key]?.ToJsonString(Readable)}");

        var before = Activities(was);
        var after = Activities(now);
        after.Keys.Order(StringComparer.Ordinal).ShouldBe(before.Keys.Order(StringComparer.Ordinal), $"{file}: activity ids");
        foreach (var (id, activity) in before)
            JsonNode.DeepEquals(after[id], activity).ShouldBeTrue($"{file}: activity '{id}' was {activity.ToJsonString(Readable)}, exported {after[id].ToJsonString(Readable)}");

        Connections(now).ShouldBe(Connections(was), ignoreOrder: true, $"{file}: connections");
    }

    /// <summary>The activities by id, without the designer's layout (an emptied metadata counts as none).</summary>
    private static Dictionary<string, JsonNode> Activities(JsonNode root) => root["activities"]!.AsArray().Select(a =>
    {
        var copy = a!.DeepClone().AsObject();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("designer");
            if (metadata.Count == 0)
                copy.Remove("metadata");
        }
        return copy;
    }).ToDictionary(a => (string)a["id"]!, a => (JsonNode)a);

    /// <summary>Each connection as one line of JSON with sorted keys: its ends and every other property it carries.</summary>
    private static List<string> Connections(JsonNode root) =>
        [.. root["connections"]!.AsArray().Select(c => Sorted(c!).ToJsonString())];

    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(v => v is null ? null : Sorted(v))]),
        _ => node.DeepClone(),
    };

    /// <summary>A definition holding only its start activity, placed on the canvas.</summary>
    private static string StartOnly(string id, string name) =>
        new FlowchartBuilder(id, name).Activity("start", "Elsa.Start", ("name", "开始")).Build();
}
