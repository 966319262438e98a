using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CaseHub.Web.Tests.Browser;

/// <summary>How the host serves the built client, checked over HTTP: when this fails, every browser test fails with it.</summary>
public sealed partial class ClientHostingTests(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task TheClientsScriptsAndStyles_AreServedAsFiles_NotAsTheIndexPage()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var index = await http.GetStringAsync("/dispatch"); // a client-side route gets the index page
        var assets = AssetPattern().Matches(index).Select(m => m.Groups[1].Value).Distinct().ToList();
        assets.ShouldContain(a => a.EndsWith(".js", StringComparison.Ordinal));
        assets.ShouldContain(a => a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(asset);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, asset);
            response.Content.Headers.ContentType?.MediaType.ShouldBe(asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", asset);
        }
    }

    [Fact]
    public async Task HashedAssets_AreKeptForAYear_WhileTheIndexPageIsRevalidatedOnEveryVisit()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var index = await http.GetAsync("/designer/standard-case");
        index.Headers.CacheControl?.NoCache.ShouldBeTrue();
        var asset = AssetPattern().Match(await index.Content.ReadAsStringAsync()).Groups[1].Value;
        using var response = await http.GetAsync(asset);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, asset);
        response.Headers.CacheControl.ShouldNotBeNull();
        response.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        response.Headers.CacheControl.Extensions.ShouldContain(e => e.Name == "immutable");
    }

    [GeneratedRegex("""(?:src|href)="(/assets/[^"]+)"(?:\s|>)""")]
    private static partial Regex AssetPattern();
}
