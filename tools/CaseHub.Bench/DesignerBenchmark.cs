using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

/// <summary>
/// Issue 6 §8: a workflow of N activities opens in the designer and is fully drawn (every node in the canvas) in headless
/// Chromium in under a second. The real CaseHub.Web (Release, SQLite, the demo city) serves the built client; each run is a
/// fresh page load of <c>/designer/{id}</c>, timed from navigation start until the canvas holds every node and the browser
/// has painted them. The baseline in the same run is the same page with a 5-activity workflow: what loading the app and the
/// designer costs anyway. The drawing column is the page's own <c>designer:load</c> measure (X6 creating and rendering the
/// cells); its minimum is the least disturbed by other work on a shared machine.
/// </summary>
internal static class DesignerBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const string User = "wfadmin";

    /// <param name="compare">Another client build (its wwwroot folder) measured in the same run, load for load in turn with this one,
    /// so that both see the same load on a shared machine.</param>
    /// <param name="profile">Where to write a Chromium performance trace (open it in DevTools' Performance panel) of one more load of
    /// the large workflow with this build, and a screenshot of it (.png); the compared build's go next to them, as <c>.compared.json</c>.</param>
    public static async Task<int> RunAsync(int activities, int runs, string? webDll, bool trace = false, string? compare = null, string? profile = null)
    {
        webDll ??= IntakeBenchmark.FindWebDll();
        Console.WriteLine($"# Designer benchmark: {activities} activities, {runs} page loads each, headless Chromium 1366×768, machine: {Environment.ProcessorCount} cores");
        Console.WriteLine();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"] });
        var sites = new List<Site>();
        try
        {
            sites.Add(await Site.StartAsync("this build", webDll, FindWebRoot(webDll), browser, activities));
            if (compare is not null)
                sites.Add(await Site.StartAsync($"compared build ({compare})", webDll, Path.GetFullPath(compare), browser, activities));

            // Small and large loads (and the builds) take turns, so a busy spell on the machine falls on all of them alike.
            var times = sites.Select(_ => (Small: new double[runs], Large: new double[runs], Drawing: new double[runs])).ToArray();
            for (var i = -1; i < runs; i++)
            {
                for (var s = 0; s < sites.Count; s++)
                {
                    var (small, _) = await LoadAsync(sites[s].Page, sites[s].Small, 5);
                    var (large, drawing) = await LoadAsync(sites[s].Page, sites[s].Large, activities);
                    if (i < 0)
                        continue; // one warm-up load each, not counted
                    times[s].Small[i] = small;
                    times[s].Large[i] = large;
                    times[s].Drawing[i] = drawing;
                }
            }
            if (trace)
                foreach (var site in sites)
                {
                    Console.WriteLine($"{site.Label}, last load of {activities} activities:");
                    await PrintResourcesAsync(site.Page);
                }
            if (profile is not null)
            {
                for (var s = 0; s < sites.Count; s++)
                {
                    var path = s == 0 ? profile : Path.ChangeExtension(profile, ".compared.json");
                    await TraceAsync(sites[s], activities, path);
                    await sites[s].Page.ScreenshotAsync(new() { Path = Path.ChangeExtension(path, ".png") });
                    Console.WriteLine($"{sites[s].Label}: trace of one more load of {activities} activities, and how it looked, written to {path} and .png");
                }
                Console.WriteLine();
            }
            // A tail is one slow load or many: the slowest few say which.
            for (var s = 0; s < sites.Count; s++)
                Console.WriteLine($"{sites[s].Label}, slowest loads of {activities} activities: {string.Join(", ", times[s].Large.OrderDescending().Take(4).Select(t => $"{t:F0}"))} ms");
            Console.WriteLine();
            Console.WriteLine("| client | workflow | p50 ms | p95 ms | max ms | target | drawing the graph: min / p50 ms |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
            for (var s = 0; s < sites.Count; s++)
            {
                var (baseline, measured) = (Percentiles.Of(times[s].Small), Percentiles.Of(times[s].Large));
                var drawing = times[s].Drawing.Order().ToArray();
                Console.WriteLine($"| {sites[s].Label} | 5 activities (baseline: the app and designer load) | {baseline.P50:F0} | {baseline.P95:F0} | {baseline.Max:F0} | | |");
                Console.WriteLine($"| {sites[s].Label} | {activities} activities | {measured.P50:F0} | {measured.P95:F0} | {measured.Max:F0} | < 1,000 ms | {drawing[0]:F0} / {drawing[runs / 2]:F0} |");
            }
            return 0;
        }
        finally
        {
            foreach (var site in sites)
                await site.DisposeAsync();
        }
    }

    /// <summary>
    /// A fresh page load of the designer until the canvas shows <paramref name="nodes"/> nodes and the browser has painted them
    /// (the task after the next animation frame: style, layout and paint of that frame included); ms from navigation start, and
    /// how long the page's <c>designer:load</c> measure took.
    /// </summary>
    private static async Task<(double Painted, double Drawing)> LoadAsync(IPage page, string definitionId, int nodes)
    {
        await page.GotoAsync("about:blank");
        await page.GotoAsync($"/designer/{definitionId}", new() { WaitUntil = WaitUntilState.Commit });
        var drawn = await page.WaitForFunctionAsync(
            """
            n => document.querySelectorAll('.x6-node').length >= n
                && new Promise(painted => requestAnimationFrame(() => setTimeout(() => painted(performance.now()))))
            """, nodes,
            new() { PollingInterval = 5, Timeout = 60_000 });
        var drawing = await page.EvaluateAsync<double>("() => performance.getEntriesByName('designer:load').at(-1)?.duration ?? -1");
        return (await drawn.JsonValueAsync<double>(), drawing);
    }

    /// <summary>Records a Chromium trace (as DevTools' Performance panel does: JS samples, parsing, style, layout, paint) of one load.</summary>
    private static async Task TraceAsync(Site site, int activities, string path)
    {
        var cdp = await site.Context!.NewCDPSessionAsync(site.Page);
        var events = new List<JsonElement>();
        var complete = new TaskCompletionSource();
        cdp.Event("Tracing.dataCollected").OnEvent += (_, data) => events.AddRange(data!.Value.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
        await cdp.SendAsync("Tracing.start", new()
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new Dictionary<string, object>
            {
                ["includedCategories"] = new[]
                {
                    "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame", "toplevel",
                    "v8.execute", "blink.user_timing", "loading", "disabled-by-default-devtools.timeline.stack", "disabled-by-default-v8.cpu_profiler",
                },
            },
        });
        await LoadAsync(site.Page, site.Large, activities);
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { traceEvents = events }));
        await cdp.DetachAsync();
    }

    /// <summary>One CaseHub.Web serving one client build, on its own SQLite database with the two drafts, and a browser page on it.</summary>
    private sealed class Site : IAsyncDisposable
    {
        public required string Label { get; init; }
        public required Process App { get; init; }
        public required DirectoryInfo Folder { get; init; }
        public IBrowserContext? Context { get; private set; }
        public IPage Page { get; private set; } = null!;
        public string Small { get; private set; } = "";
        public string Large { get; private set; } = "";

        public static async Task<Site> StartAsync(string label, string webDll, string webRoot, IBrowser browser, int activities)
        {
            if (!File.Exists(Path.Combine(webRoot, "index.html")))
                throw new InvalidOperationException($"{webRoot} holds no client build (index.html).");
            var folder = Directory.CreateTempSubdirectory("casehub-designer-bench");
            var port = IntakeBenchmark.FreePort();
            var site = new Site
            {
                Label = label,
                Folder = folder,
                App = IntakeBenchmark.StartWeb(webDll, $"Data Source={Path.Combine(folder.FullName, "casehub.db")}", port, new Dictionary<string, string>
                {
                    ["Database__Provider"] = "Sqlite",
                    ["ASPNETCORE_WEBROOT"] = webRoot,
                    ["Timers__Enabled"] = "false",
                }),
            };
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                http.DefaultRequestHeaders.Add("X-CaseHub-User", User);
                await IntakeBenchmark.WaitHealthyAsync(http, site.App, TimeSpan.FromMinutes(3));
                site.Small = await CreateAsync(http, "bench-5", 5);
                site.Large = await CreateAsync(http, $"bench-{activities}", activities);
                site.Context = await browser.NewContextAsync(new()
                {
                    BaseURL = http.BaseAddress.ToString(),
                    Locale = "zh-CN",
                    ViewportSize = new() { Width = 1366, Height = 768 },
                    ExtraHTTPHeaders = new Dictionary<string, string> { ["X-CaseHub-User"] = User },
                });
                site.Page = await site.Context.NewPageAsync();
                return site;
            }
            catch
            {
                await site.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Context is not null)
                await Context.DisposeAsync();
            await IntakeBenchmark.StopAsync(App);
            App.Dispose();
            Folder.Delete(recursive: true);
        }
    }

    /// <summary>When each request of the last page load started and ended (ms from navigation start), to see where the time goes.</summary>
    private static async Task PrintResourcesAsync(IPage page)
    {
        var lines = await page.EvaluateAsync<string[]>(
            "() => performance.getEntriesByType('resource').map(e => `${e.startTime.toFixed(0).padStart(6)} ${e.responseEnd.toFixed(0).padStart(6)}  ${e.name.replace(location.origin, '')}`)");
        Console.WriteLine("  start    end  resource");
        foreach (var line in lines)
            Console.WriteLine($"  {line}");
        Console.WriteLine();
    }

    /// <summary>A draft of <paramref name="count"/> activities: Start, then alternating WriteLine and FlowDecision (both outcomes onward), then End, on a grid.</summary>
    private static async Task<string> CreateAsync(HttpClient http, string id, int count)
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var type = i == 0 ? "Elsa.Start" : i == count - 1 ? "Elsa.End" : i % 2 == 1 ? "Elsa.WriteLine" : "Elsa.FlowDecision";
            var activity = new JsonObject
            {
                ["id"] = $"a{i}",
                ["type"] = type,
                ["version"] = 1,
                ["name"] = $"步骤 {i}",
                ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 40 + i % 10 * 220, ["y"] = 40 + i / 10 * 120 } } },
            };
            if (type == "Elsa.WriteLine")
                activity["text"] = Literal("String", $"第 {i} 步");
            if (type == "Elsa.FlowDecision")
                activity["condition"] = Literal("Boolean", "true");
            activities.Add(activity);
            if (i == 0)
                continue;
            var previous = $"a{i - 1}";
            var ports = i == 1 ? ["Done"] : (i - 1) % 2 == 1 ? new[] { "Done" } : ["True", "False"];
            foreach (var port in ports)
                connections.Add(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = previous, ["port"] = port },
                    ["target"] = new JsonObject { ["activity"] = $"a{i}", ["port"] = "In" },
                });
        }
        var document = new JsonObject
        {
            ["id"] = id, ["definitionId"] = id, ["name"] = $"设计器基准 {count}", ["version"] = 1,
            ["root"] = new JsonObject { ["id"] = "flowchart", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["activities"] = activities, ["connections"] = connections },
        };
        using var response = await http.PostAsync("/api/workflows/definitions", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating {id} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return id;
    }

    private static JsonObject Literal(string typeName, string value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

    /// <summary>The client build's folder: wwwroot in the web project, found upwards from the web dll.</summary>
    private static string FindWebRoot(string webDll)
    {
        for (var dir = new FileInfo(webDll).Directory; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(candidate, "index.html")))
                return candidate;
        }
        throw new InvalidOperationException("src/CaseHub.Web/wwwroot/index.html is missing: build the web client first (dotnet build src/CaseHub.Web).");
    }
}
