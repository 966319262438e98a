using System.Net;
using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Access;
using CaseHub.Cases.Features.Demo;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Access;

/// <summary>Local accounts with cookies as the SPA uses them: sign-in, antiforgery, lockout, sign-out; rate limits; the audit log.</summary>
public abstract class SignInTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Cases"] = "0",
            ["Auth:PublicRequestsPerMinute"] = "3",
        });
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password) =>
        browser.PostJsonAsync("/api/auth/login", new { userName = user, password });

    private static string XsrfToken(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal))["XSRF-TOKEN=".Length..];

    private static object Complaint => new
    {
        channel = "Hotline", kind = "Complaint", title = "噪音扰民", description = "楼下夜里施工",
        complainant = new { name = "李四", phone = "13900001111" },
    };

    [Fact]
    public async Task ADemoUser_SignsIn_SeesTheirRoles_AndUnsafeRequestsNeedTheAntiforgeryHeader_UntilSignOut()
    {
        using var browser = Browser();
        (await browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var signedIn = await SignInAsync(browser, "dispatcher", DemoAccounts.Password);
        var me = await signedIn.ReadAsync<MeDto>();
        (me.UserName, me.Roles.Single(), me.CanSeePersonalData).ShouldBe(("dispatcher", "Dispatcher", true));
        me.OrgUnits.Single().Code.ShouldBe(DemoCity.CityCode);
        var token = XsrfToken(signedIn);

        var refused = await (await browser.PostJsonAsync("/api/cases", Complaint)).ReadProblemAsync(HttpStatusCode.BadRequest);
        refused.GetProperty("title").GetString()!.ShouldContain("Antiforgery");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent(Complaint) })
        {
            request.Headers.Add(AccessSetup.XsrfHeader, token);
            await (await browser.SendAsync(request)).ReadAsync<CaseDto>(HttpStatusCode.Created);
        }

        using (var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout"))
        {
            logout.Headers.Add(AccessSetup.XsrfHeader, token);
            (await browser.SendAsync(logout)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        (await browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.GetAsync("/api/cases/queues")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_SoEvenTheRightOneIsRefused()
    {
        using var browser = Browser();
        var unknown = await (await SignInAsync(browser, "nobody", DemoAccounts.Password)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        for (var i = 0; i < 5; i++)
            await (await SignInAsync(browser, "supervisor", "Wrong!2026x")).ReadProblemAsync(HttpStatusCode.Unauthorized);

        var locked = await (await SignInAsync(browser, "supervisor", DemoAccounts.Password)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        locked.GetProperty("detail").GetString()!.ShouldContain("locked");
        unknown.GetProperty("detail").GetString()!.ShouldNotContain("locked");
        (await browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Another account is not affected.
        (await SignInAsync(browser, "auditor", DemoAccounts.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MissingCredentials_Are400NamingTheField()
    {
        using var browser = Browser();
        var problem = await (await browser.PostJsonAsync("/api/auth/login", new { userName = "dispatcher" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task ThePublicPages_AreRateLimitedPerAddress()
    {
        using var anonymous = _app.CreateClient();
        for (var i = 0; i < 3; i++)
            (await anonymous.GetAsync("/api/public/cases/2026010100001?phone=1234")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var limited = await (await anonymous.GetAsync("/api/public/cases/2026010100001?phone=1234")).ReadProblemAsync(HttpStatusCode.TooManyRequests);
        limited.GetProperty("status").GetInt32().ShouldBe(429);
        // Signed-in work is not limited by the public allowance.
        (await _app.ClientFor("admin").GetAsync("/api/cases/queues")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACitizenReport_GetsATrackingNumber_AndBadInputIs400()
    {
        using var anonymous = _app.CreateClient();
        var missing = await (await anonymous.PostJsonAsync("/api/public/cases", new { kind = "Complaint", title = "路灯不亮", description = "小区门口路灯坏了", name = "王五" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").TryGetProperty("phone", out _).ShouldBeTrue();
        var created = await (await anonymous.PostJsonAsync("/api/public/cases", new
        {
            kind = "Complaint", title = "路灯不亮", description = "小区门口路灯坏了", name = "王五", phone = "13700002222", address = "春晖社区",
            attachments = new[] { new { fileName = "lamp.jpg", contentType = "image/jpeg", size = 1024 } },
        })).ReadAsync<PublicReportResult>(HttpStatusCode.Created);

        var found = await (await _app.ClientFor("admin").GetAsync($"/api/cases/{created.TrackingNumber}")).ReadAsync<CaseDto>();
        (found.Channel, found.Attachments.Single().FileName).ShouldBe(("CitizenApp", "lamp.jpg"));
    }

    [Fact]
    public async Task EveryChange_IsAudited_WithActorAddressActionAndValues_AndUnmaskedReadsToo()
    {
        var dispatcher = _app.ClientAs("dispatcher");
        var created = await (await dispatcher.PostJsonAsync("/api/cases", Complaint)).ReadAsync<CaseDto>(HttpStatusCode.Created);
        await (await dispatcher.GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>();
        await (await _app.ClientAs("auditor").GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>();

        var page = await (await _app.ClientAs("auditor").GetAsync($"/api/audit?entityId={created.Id}&pageSize=200")).ReadAsync<JsonElement>();
        var added = page.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("operation").GetString() == "Added");
        added.GetProperty("actor").GetString().ShouldBe("dispatcher");
        added.GetProperty("action").GetString().ShouldBe("POST /api/cases/");
        added.GetProperty("after").GetProperty("Title").GetString().ShouldBe("噪音扰民");
        // Personal data stays masked in the log itself.
        added.GetProperty("after").GetProperty("Complainant.Phone").GetString().ShouldBe("139****1111");

        var viewed = await (await _app.ClientAs("auditor").GetAsync($"/api/audit?entity=personal_data&entityId=cases:{created.Id}")).ReadAsync<JsonElement>();
        // The dispatcher saw the data unmasked; the auditor's read was masked and is not a personal-data view.
        viewed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("actor").GetString()).ShouldBe(["dispatcher"]);
        (await _app.ClientAs("dispatcher").GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheAuditLog_IsAppendOnly_InPostgreSql()
    {
        if (provider != DatabaseProvider.Postgres)
            return;
        await (await _app.ClientAs("dispatcher").PostJsonAsync("/api/cases", Complaint)).ReadAsync<CaseDto>(HttpStatusCode.Created);
        await using var db = _app.NewDbContext();
        (await db.Set<AuditEntry>().CountAsync()).ShouldBeGreaterThan(0);
        await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET actor = 'someone else'"));
        await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, CaseHubApp.Json), System.Text.Encoding.UTF8, "application/json");
}

public sealed class SignInTests_Sqlite() : SignInTests(DatabaseProvider.Sqlite);

public sealed class SignInTests_Postgres() : SignInTests(DatabaseProvider.Postgres);
