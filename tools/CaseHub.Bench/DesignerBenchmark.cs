using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

/// <summary>
/// Issue 6 §8: a workflow of N activities opens in the designer and is fully drawn (every node in the canvas) in headless
/// Chromium in under a second. The real CaseHub.Web (Release, SQLite, the demo city) serves the built client; each run is a
/// fresh page load of <c>/designer/{id}</c>, timed from navigation start to the moment the canvas holds every node. The
/// baseline in the same run is the same page with a 5-activity workflow: what loading the app and the designer costs anyway.
/// </summary>
internal static class DesignerBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const string User = "wfadmin";

    public static async Task<int> RunAsync(int activities, int runs, string? webDll, bool trace = false)
    {
        webDll ??= IntakeBenchmark.FindWebDll();
        var webRoot = FindWebRoot(webDll);
        Console.WriteLine($"# Designer benchmark: {activities} activities, {runs} page loads each, headless Chromium 1366×768, machine: {Environment.ProcessorCount} cores");
        Console.WriteLine();
        var folder = Directory.CreateTempSubdirectory("casehub-designer-bench");
        var port = IntakeBenchmark.FreePort();
        using var app = IntakeBenchmark.StartWeb(webDll, $"Data Source={Path.Combine(folder.FullName, "casehub.db")}", port, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["ASPNETCORE_WEBROOT"] = webRoot,
            ["Timers__Enabled"] = "false",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-CaseHub-User", User);
            await IntakeBenchmark.WaitHealthyAsync(http, app, TimeSpan.FromMinutes(3));
            var small = await CreateAsync(http, "bench-5", 5);
            var large = await CreateAsync(http, $"bench-{activities}", activities);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"] });
            await using var context = await browser.NewContextAsync(new()
            {
                BaseURL = http.BaseAddress.ToString(),
                Locale = "zh-CN",
                ViewportSize = new() { Width = 1366, Height = 768 },
                ExtraHTTPHeaders = new Dictionary<string, string> { ["X-CaseHub-User"] = User },
            });
            var page = await context.NewPageAsync();
            var baseline = await TimeAsync(page, small, 5, runs);
            if (trace)
                await PrintResourcesAsync(page);
            var measured = await TimeAsync(page, large, activities, runs);
            if (trace)
                await PrintResourcesAsync(page);
            Console.WriteLine("| workflow | p50 ms | p95 ms | max ms | target |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine($"| 5 activities (baseline: the app and designer load) | {baseline.P50:F0} | {baseline.P95:F0} | {baseline.Max:F0} | |");
            Console.WriteLine($"| {activities} activities | {measured.P50:F0} | {measured.P95:F0} | {measured.Max:F0} | < 1,000 ms |");
            return 0;
        }
        finally
        {
            await IntakeBenchmark.StopAsync(app);
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Page loads of the designer until the canvas shows <paramref name="nodes"/> nodes; ms from navigation start. One warm-up load first.</summary>
    private static async Task<Percentiles> TimeAsync(IPage page, string definitionId, int nodes, int runs)
    {
        var times = new double[runs];
        for (var i = -1; i < runs; i++)
        {
            await page.GotoAsync("about:blank");
            await page.GotoAsync($"/designer/{definitionId}", new() { WaitUntil = WaitUntilState.Commit });
            var drawn = await page.WaitForFunctionAsync(
                "n => document.querySelectorAll('.x6-node').length >= n ? performance.now() : false", nodes,
                new() { PollingInterval = 5, Timeout = 60_000 });
            if (i >= 0)
                times[i] = await drawn.JsonValueAsync<double>();
        }
        Array.Sort(times);
        return new Percentiles(times[runs / 2], times[Math.Min(runs - 1, (int)(runs * 0.95))], times[^1]);
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
