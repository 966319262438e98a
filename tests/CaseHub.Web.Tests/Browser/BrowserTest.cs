using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CaseHub.Cases.Features.Demo;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Features.Tasks;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Timers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CaseHub.Web.Tests.Browser;

/// <summary>
/// The real app on Kestrel at a free 127.0.0.1 port, with its own SQLite database, the demo city (and
/// <paramref name="demoCases"/> demo cases) and a fake clock; pages open in Chromium in Chinese at 1366×768, with the
/// browser's clock set to the app's. Staff sign in through the login page. A failing test leaves a screenshot of
/// each of its pages under <c>browser-failures/</c> in the test output folder and logs the pages' console errors.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(Chromium chromium, ITestOutputHelper output, int demoCases = 0) : IAsyncLifetime
{
    public const string DemoPassword = "CaseHub!2026";

    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _browserErrors = [];
    private ITestDatabase _database = null!;

    protected CaseHubApp App { get; private set; } = null!;

    protected DemoCity City { get; } = new();

    protected ITestOutputHelper Output => output;

    protected Uri BaseAddress { get; private set; } = null!;

    /// <summary>An API client for setting up and checking data; it signs in with the dev header, the browser never does.</summary>
    protected HttpClient Dispatcher { get; private set; } = null!;

    public Task InitializeAsync()
    {
        var wwwroot = Path.Combine(SolutionFolder(), "src", "CaseHub.Web", "wwwroot", "index.html");
        if (!File.Exists(wwwroot))
            throw new InvalidOperationException($"{wwwroot} is missing: build CaseHub.Web without -p:SkipClientBuild=true, so that the web client is built.");

        _database = TestDatabases.CreateSqlite();
        var settings = new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Cases"] = demoCases.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Intake:DefaultWorkflow"] = "standard-case",
            ["Intake:Workflows:*.Enquiry"] = "enquiry",
        };
        Configure(settings);
        App = new CaseHubApp(_database, settings: settings);
        App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
        Dispatcher = App.ClientAs("dispatcher");
        return Task.CompletedTask;
    }

    /// <summary>Changes or adds app settings before the app starts, e.g. to route an intake channel to a test's own workflow.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.DisposeAsync();
        Dispatcher?.Dispose();
        if (App is not null)
            await App.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    /// <summary>A fresh browser context (no cookies) and a page in it, in zh-CN, Beijing time, at the app's clock.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1366, Height = 768 },
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        // Expect(...) has its own timeout, 5 s by default, which two CI runs on a loaded machine ran out of.
        Assertions.SetDefaultExpectTimeout(15_000);
        await context.Clock.SetSystemTimeAsync(App.Time.GetUtcNow().UtcDateTime);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _browserErrors.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                _browserErrors.Add($"console: {message.Text}");
        };
        return page;
    }

    /// <summary>Signs in through the login page as a demo user, and waits until the app has left it.</summary>
    protected static async Task SignInAsync(IPage page, string userName)
    {
        if (!page.Url.Contains("/login", StringComparison.Ordinal))
            await page.GotoAsync("/login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^登\s*录$") }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
    }

    /// <summary>Moves the app's clock, fires the timers that fell due, and moves every open browser's clock with it.</summary>
    protected async Task AdvanceAsync(TimeSpan delta)
    {
        App.Time.Advance(delta);
        var timers = App.Service<TimerDispatcher>();
        // Firing may create timers that are due at once (a card that escalates); a few rounds settle it.
        for (var round = 0; await timers.FireDueAsync() > 0; round++)
        {
            if (round == 20)
                throw new InvalidOperationException("Timers kept falling due after 20 rounds of firing.");
        }
        foreach (var context in _contexts)
            await context.Clock.SetSystemTimeAsync(App.Time.GetUtcNow().UtcDateTime);
    }

    /// <summary>A hotline case received through the API: at the centre of the first demo grid, or without a location (then it waits in the 'unmatched' queue).</summary>
    protected async Task<CaseDto> ReceiveAsync(string title, string description, bool located = true)
    {
        var grid = City.Grids[0];
        return await (await Dispatcher.PostJsonAsync("/api/cases", new
        {
            channel = "Hotline", kind = "Complaint", title, description,
            complainant = new { name = "张三", phone = "13812345678" },
            location = located ? new { lat = grid.CentreLat, lng = grid.CentreLng } : null,
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);
    }

    /// <summary>The case as the workbench lists it (status, department, open task), read through the API.</summary>
    protected async Task<CaseSummary> SummaryAsync(string trackingNumber) =>
        (await (await Dispatcher.GetAsync($"/api/cases?q={trackingNumber}")).ReadAsync<CasePage>()).Items.Single(c => c.TrackingNumber == trackingNumber);

    /// <summary>The one open task of <paramref name="instanceId"/> in <paramref name="queue"/>, as <paramref name="client"/> lists it.</summary>
    protected static async Task<TaskDto> OnlyOpenTaskAsync(HttpClient client, string queue, Guid instanceId)
    {
        var open = await (await client.GetAsync($"/api/tasks?candidateGroup={Uri.EscapeDataString(queue)}")).ReadAsync<PagedResult<TaskDto>>();
        return open.Items.Where(t => t.InstanceId == instanceId).ShouldHaveSingleItem();
    }

    protected static async Task CompleteAsync(HttpClient client, TaskDto task, string outcome, JsonObject? formData)
    {
        var response = await client.PostAsJsonAsync($"/api/tasks/{task.Id}/complete", new { outcome, formData });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs the test's steps; on failure keeps a screenshot of every page and writes the browsers' errors to the test output.</summary>
    protected async Task InBrowserAsync(Func<Task> steps, [CallerMemberName] string test = "")
    {
        try
        {
            await steps();
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "browser-failures");
            Directory.CreateDirectory(folder);
            var index = 0;
            foreach (var page in _contexts.SelectMany(c => c.Pages))
            {
                var file = Path.Combine(folder, $"{GetType().Name}.{test}.{++index}.png");
                try
                {
                    await page.ScreenshotAsync(new() { Path = file, FullPage = true, Timeout = 10_000 });
                    output.WriteLine($"Screenshot of {page.Url}: {file}");
                }
                catch (PlaywrightException e)
                {
                    output.WriteLine($"No screenshot of {page.Url}: {e.Message}");
                }
            }
            foreach (var error in _browserErrors)
                output.WriteLine(error);
            throw;
        }
    }

    /// <summary>The folder that holds CaseHub.sln.</summary>
    public static string SolutionFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaseHub.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No CaseHub.sln above {AppContext.BaseDirectory}.");
    }
}
