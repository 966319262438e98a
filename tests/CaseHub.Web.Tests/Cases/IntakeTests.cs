using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Cases;

/// <summary>POST /api/cases: validation, idempotency, tracking numbers, masking and the workflow start, over HTTP.</summary>
public abstract class IntakeTests(DatabaseProvider provider) : AppTest(provider)
{
    private static object Hotline(string? externalId = null, string phone = "13812341234") => new
    {
        channel = "Hotline",
        externalId,
        kind = "Complaint",
        title = "楼下烧烤店油烟扰民",
        description = "每天晚上十点以后烧烤店油烟很大，窗户都不敢开。",
        location = new { lat = 30.2741, lng = 120.1551, address = "西湖区北山街道" },
        complainant = new { name = "张三", phone, idNumber = "330102199001011234" },
        occurredAt = FakeTimeProvider.DefaultStart.AddHours(-2),
        attachments = new[] { new { fileName = "photo.jpg", contentType = "image/jpeg", size = 120_000 } },
    };

    private async Task<int> CaseCountAsync()
    {
        await using var db = App.NewDbContext();
        return await db.Set<CaseEntity>().CountAsync();
    }

    [Fact]
    public async Task ReceivingACase_Returns201WithADailyTrackingNumber_AndStoresIt()
    {
        var first = await (await Admin.PostJsonAsync("/api/cases", Hotline())).ReadAsync<CaseDto>(HttpStatusCode.Created);
        var second = await (await Admin.PostJsonAsync("/api/cases", Hotline())).ReadAsync<CaseDto>(HttpStatusCode.Created);

        // The fake clock is 2025-03-03 09:00 in Beijing.
        first.TrackingNumber.ShouldBe("2025030300001");
        second.TrackingNumber.ShouldBe("2025030300002");
        first.Status.ShouldBe("New");
        first.Attachments.ShouldHaveSingleItem().FileName.ShouldBe("photo.jpg");
        var stored = await (await Admin.GetAsync($"/api/cases/{first.TrackingNumber}")).ReadAsync<CaseDto>();
        stored.Id.ShouldBe(first.Id);
        stored.Description.ShouldContain("烧烤店");
    }

    [Fact]
    public async Task TheSameChannelAndExternalId_ReturnsTheExistingCaseWith200()
    {
        var created = await (await Admin.PostJsonAsync("/api/cases", Hotline("HL-1"))).ReadAsync<CaseDto>(HttpStatusCode.Created);

        var again = await (await Admin.PostJsonAsync("/api/cases", Hotline("HL-1"))).ReadAsync<CaseDto>(HttpStatusCode.OK);

        again.Id.ShouldBe(created.Id);
        again.TrackingNumber.ShouldBe(created.TrackingNumber);
        (await CaseCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentRetriesOfOneCase_CreateItOnce()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => App.ClientFor("hotline-system").PostJsonAsync("/api/cases", Hotline("HL-RACE"))));

        var codes = responses.Select(r => r.StatusCode).ToList();
        codes.Count(c => c == HttpStatusCode.Created).ShouldBe(1, string.Join(",", codes));
        codes.Count(c => c == HttpStatusCode.OK).ShouldBe(19);
        var ids = new HashSet<Guid>();
        foreach (var response in responses)
            ids.Add(JsonSerializer.Deserialize<CaseDto>(await response.Content.ReadAsStringAsync(), CaseHubApp.Json)!.Id);
        ids.Count.ShouldBe(1);
        (await CaseCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentIntakesOfDifferentCases_GetTheDaysNumbersOnceEach_WithoutGaps()
    {
        var client = App.ClientFor("hotline-system");
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => client.PostJsonAsync("/api/cases", Hotline($"HL-{i}"))));

        var numbers = new List<string>();
        foreach (var response in responses)
            numbers.Add((await response.ReadAsync<CaseDto>(HttpStatusCode.Created)).TrackingNumber);
        // Blocks reserved from the day's counter are handed out in order, so one node leaves no gaps while it runs.
        numbers.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, 24).Select(n => $"20250303{n:D5}"));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"channel":"Hotline","kind":"Complaint","title":"t","description":"d","location":{"lat":91,"lng":120}}""", "location.lat" },
        { """{"channel":"Hotline","kind":"Complaint","title":"t","description":"d","location":{"lat":30,"lng":-181}}""", "location.lng" },
        { """{"channel":"Hotline","kind":"Complaint","title":"t","description":"d","location":{"lat":30}}""", "location.lng" },
        { $$"""{"channel":"Hotline","kind":"Complaint","title":"t","description":"{{new string('长', 4001)}}"}""", "description" },
        { """{"channel":"Fax","kind":"Complaint","title":"t","description":"d"}""", "channel" },
        { """{"channel":"Hotline","kind":"Rant","title":"t","description":"d"}""", "kind" },
        { """{"channel":"Hotline","kind":"Complaint","description":"d"}""", "title" },
        { """{"channel":"Hotline","kind":"Complaint","title":"t","description":"d","complainant":{"phone":"call me"}}""", "complainant.phone" },
        { """{"channel":"Hotline","kind":"Complaint","title":"t","description":"d","location":{"lat":"north"}}""", "location.lat" },
        { """{"channel":"Hotline","kind":"Complaint","title":"t", """, "body" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task AnInvalidCase_Returns400NamingTheField_AndWritesNothing(string json, string field)
    {
        var response = await Admin.PostAsync("/api/cases", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await CaseCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AWrongContentType_Returns400NamingContentType()
    {
        var response = await Admin.PostAsync("/api/cases", new StringContent("channel=Hotline", Encoding.UTF8, "application/x-www-form-urlencoded"));

        (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Content-Type", out _).ShouldBeTrue();
        (await CaseCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task PersonalData_IsMaskedForRolesThatDoNotNeedIt_AndStoredInFull()
    {
        var city = new OrgUnit { Id = Guid.NewGuid(), Code = "C", Name = "市", Level = OrgLevel.City, Path = "/C/" };
        await using (var db = App.NewDbContext())
        {
            db.Add(city);
            await db.SaveChangesAsync();
        }
        await TestStaff.SetAsync(App, "agent", [StaffRole.Dispatcher], units: [city.Id]);
        await TestStaff.SetAsync(App, "boss", [StaffRole.Auditor]);
        var created = await (await Admin.PostJsonAsync("/api/cases", Hotline())).ReadAsync<CaseDto>(HttpStatusCode.Created);

        var masked = await (await App.ClientFor("boss").GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>();
        var full = await (await App.ClientFor("agent").GetAsync($"/api/cases/{created.Id}")).ReadAsync<CaseDto>();

        masked.Complainant.ShouldBe(new ComplainantDto("张*", "138****1234", "330102********1234", true));
        full.Complainant.ShouldBe(new ComplainantDto("张三", "13812341234", "330102199001011234", false));
        created.Complainant.Masked.ShouldBeTrue();
    }

    [Fact]
    public async Task ABatch_ReportsEachItem_AndCreatesOnlyTheValidOnes()
    {
        await (await Admin.PostJsonAsync("/api/cases", Hotline("HL-OLD"))).ReadAsync<CaseDto>(HttpStatusCode.Created);
        var batch = new object?[] { Hotline("HL-A"), new { channel = "Hotline", kind = "Complaint" }, Hotline("HL-OLD"), null };

        var results = await (await Admin.PostJsonAsync("/api/cases/batch", batch)).ReadAsync<List<BatchItemResult>>();

        results.Select(r => r.Status).ShouldBe(["created", "invalid", "existing", "invalid"]);
        results[1].Errors!.Keys.ShouldBe(["title", "description"], ignoreOrder: true);
        results[0].TrackingNumber.ShouldNotBeNull().ShouldMatch(@"^2025030300\d{3}$");
        (await CaseCountAsync()).ShouldBe(2);
    }
}

public sealed class IntakeTests_Sqlite() : IntakeTests(DatabaseProvider.Sqlite);

public sealed class IntakeTests_Postgres() : IntakeTests(DatabaseProvider.Postgres);

/// <summary>The case and the start of its workflow commit together, or not at all.</summary>
public abstract class IntakeWorkflowTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ITestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabases.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static readonly object Report = new { channel = "Hotline", kind = "Complaint", title = "井盖缺失", description = "路口井盖丢了，很危险。" };

    [Fact]
    public async Task AConfiguredWorkflow_StartsInTheSameTransactionAsTheCase()
    {
        await using var app = new CaseHubApp(_database, settings: new Dictionary<string, string?> { ["Intake:Workflows:Hotline.*"] = "approval-with-timeout" });

        var created = await (await app.ClientFor("admin").PostJsonAsync("/api/cases", Report)).ReadAsync<CaseDto>(HttpStatusCode.Created);

        created.WorkflowInstanceId.ShouldNotBeNull();
        await using var db = app.NewDbContext();
        var instance = await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == created.WorkflowInstanceId);
        instance.CorrelationId.ShouldBe(created.Id.ToString());
        instance.InputJson.ShouldContain(created.TrackingNumber);
        (await db.Set<HumanTask>().CountAsync(t => t.InstanceId == instance.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task WhenTheWorkflowCannotStart_NoCaseAndNoTrackingNumberAreUsedUp()
    {
        await using (var broken = new CaseHubApp(_database, settings: new Dictionary<string, string?> { ["Intake:DefaultWorkflow"] = "no-such-workflow" }))
        {
            var response = await broken.ClientFor("admin").PostJsonAsync("/api/cases", Report);
            response.IsSuccessStatusCode.ShouldBeFalse();
        }
        await using var app = new CaseHubApp(_database);

        var created = await (await app.ClientFor("admin").PostJsonAsync("/api/cases", Report)).ReadAsync<CaseDto>(HttpStatusCode.Created);

        created.TrackingNumber.ShouldBe("2025030300001");
        await using var db = app.NewDbContext();
        (await db.Set<CaseEntity>().CountAsync()).ShouldBe(1);
        (await db.Set<WorkflowInstance>().CountAsync()).ShouldBe(0);
    }
}

public sealed class IntakeWorkflowTests_Sqlite() : IntakeWorkflowTests(DatabaseProvider.Sqlite);

public sealed class IntakeWorkflowTests_Postgres() : IntakeWorkflowTests(DatabaseProvider.Postgres);
