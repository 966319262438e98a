using Microsoft.Playwright;

namespace CaseHub.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright, started once for all browser tests; each test opens its own context
/// (cookies, storage) on its own app. No browser is ever downloaded: <c>tools/test.sh</c> installs the
/// <c>chromium</c> package when <see cref="ExecutablePath"/> is missing.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing, so the browser tests cannot run. Run the tests with `bash tools/test.sh`, " +
                "which installs it from Debian, or run `apt-get install -y chromium`.");
        }
        // The SPA loads a large bundle and the machine may be busy: wait longer than Playwright's 5 s for an expectation.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Tests and CI run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>Browser tests share one Chromium and run one after another, so that two apps and two pages never compete for the CPU.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Browser";
}
