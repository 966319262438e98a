using System.Net;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Web.Features.Assessment;
using Microsoft.EntityFrameworkCore;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;

namespace CaseHub.Web.Tests.Assessment;

/// <summary>
/// Issue 4 §8, spike alerts, over HTTP on a constructed 29-day history ending on 2 March 2025 (the test clock's yesterday):
/// EV-charging complaints in 北山街道 jump from 2–4 a day to 12 (an alert); in 灵隐街道 from none to 9 (below the minimum
/// count); noise complaints in 北山 swing 0/20 and reach 25 (within three standard deviations).
/// </summary>
public abstract class SpikeAlertTests(DatabaseProvider provider) : AppTest(provider), IAsyncLifetime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateOnly Day = new(2025, 3, 2);
    private AssessmentTestData _data = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _data = await AssessmentTestData.SeedAsync(App);
        await SeedHistoryAsync();
    }

    private async Task SeedHistoryAsync()
    {
        await using var db = App.NewDbContext();
        void Add(DateOnly day, Guid item, Guid area, int count)
        {
            for (var i = 0; i < count; i++)
            {
                // Spread over the Beijing day, first and last minutes included.
                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 5)), China).AddMinutes(i * (1430.0 / Math.Max(1, count - 1)));
                db.Add(AssessmentTestData.Case(at, item: item, jurisdiction: area));
            }
        }
        for (var back = 1; back <= SpikeDetection.HistoryDays; back++)
        {
            Add(Day.AddDays(-back), _data.EvCharging, _data.S1, back % 2 == 0 ? 2 : 4);
            Add(Day.AddDays(-back), _data.Noise, _data.S1, back % 2 == 0 ? 0 : 20);
        }
        Add(Day, _data.EvCharging, _data.S1, 12);
        Add(Day, _data.EvCharging, _data.S2, 9);
        Add(Day, _data.Noise, _data.S1, 25);
        // Today and long ago do not count.
        Add(Day.AddDays(1), _data.Noise, _data.S2, 30);
        Add(Day.AddDays(-40), _data.EvCharging, _data.S1, 50);
        await db.SaveChangesAsync();
    }

    private HttpClient Supervisor => App.ClientFor("supervisor");

    private async Task<List<SpikeAlertDto>> DetectAsync(string day = "2025-03-02") =>
        await (await Supervisor.PostAsync($"/api/assessment/alerts/detect?day={day}", null)).ReadAsync<List<SpikeAlertDto>>();

    private async Task<List<SpikeAlertDto>> AlertsAsync(string query = "") =>
        await (await Supervisor.GetAsync($"/api/assessment/alerts{query}")).ReadAsync<List<SpikeAlertDto>>();

    [Fact]
    public async Task ADayFarAboveItsTrailing28Days_RaisesOneAlert_AndOnlyThatOne()
    {
        var alerts = await DetectAsync();

        var alert = alerts.ShouldHaveSingleItem();
        (alert.Day, alert.ItemCode, alert.ItemName, alert.AreaCode, alert.AreaName, alert.Count).ShouldBe((Day, "0901", "电动车充电设施", "330106001", "北山街道", 12));
        // 14 days of 2 and 14 of 4: mean 3, sample sd √(28/27) ≈ 1.02, threshold 3 + 3 × 1.02.
        (alert.Mean, alert.StdDev, alert.Threshold).ShouldBe((3.0, 1.02, 6.06));
        alert.AcknowledgedAt.ShouldBeNull();
    }

    [Fact]
    public async Task RunningTheDayAgain_OrTheDailyPass_RaisesNothingTwice()
    {
        await DetectAsync();
        var again = await DetectAsync();
        var detection = App.Service<SpikeDetection>();

        (await detection.DetectDueAsync()).ShouldBe(1); // yesterday, the first time
        (await detection.DetectDueAsync()).ShouldBe(0);
        App.Time.Advance(TimeSpan.FromDays(1));
        (await detection.DetectDueAsync()).ShouldBe(1); // 3 March has ended

        again.ShouldHaveSingleItem();
        await using var db = App.NewDbContext();
        // 3 March brings its own surge: 30 noise complaints in 灵隐 after none.
        (await db.Set<SpikeAlert>().OrderBy(a => a.Day).Select(a => a.Day).ToListAsync()).ShouldBe([Day, Day.AddDays(1)]);
    }

    [Fact]
    public async Task ASupervisorAcknowledges_AndAcknowledgingAgainOrConcurrently_KeepsTheFirst()
    {
        var alert = (await DetectAsync()).Single();
        (await AlertsAsync("?acknowledged=false")).ShouldHaveSingleItem().Id.ShouldBe(alert.Id);

        var both = await Task.WhenAll(
            App.ClientFor("supervisor").PostAsync($"/api/assessment/alerts/{alert.Id}/acknowledge", null),
            App.ClientFor("admin").PostAsync($"/api/assessment/alerts/{alert.Id}/acknowledge", null));
        var results = await Task.WhenAll(both.Select(r => r.ReadAsync<SpikeAlertDto>()));
        App.Time.Advance(TimeSpan.FromHours(1));
        var later = await (await App.ClientFor("supervisor.xh").PostAsync($"/api/assessment/alerts/{alert.Id}/acknowledge", null)).ReadAsync<SpikeAlertDto>();

        results[0].AcknowledgedBy.ShouldBeOneOf("supervisor", "admin");
        results[1].AcknowledgedBy.ShouldBe(results[0].AcknowledgedBy);
        results[0].AcknowledgedAt.ShouldBe(FakeTimeProvider.DefaultStart);
        (later.AcknowledgedBy, later.AcknowledgedAt).ShouldBe((results[0].AcknowledgedBy, results[0].AcknowledgedAt));
        (await AlertsAsync("?acknowledged=false")).ShouldBeEmpty();
        (await AlertsAsync("?acknowledged=true")).ShouldHaveSingleItem();
        (await AlertsAsync("?from=2025-03-03&to=2025-03-03")).ShouldBeEmpty();
    }

    [Fact]
    public async Task AlertsAreForSupervisorsAndAdmins_AndUnknownOnesAre404()
    {
        var alert = (await DetectAsync()).Single();

        await (await App.ClientFor("handler").GetAsync("/api/assessment/alerts")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await App.ClientFor("handler").PostAsync($"/api/assessment/alerts/{alert.Id}/acknowledge", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
        (await Supervisor.PostAsync($"/api/assessment/alerts/{Guid.NewGuid()}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/assessment/alerts?acknowledged=maybe", "acknowledged")]
    [InlineData("GET", "/api/assessment/alerts?from=yesterday", "from")]
    [InlineData("GET", "/api/assessment/alerts?from=2025-03-02&to=2025-03-01", "to")]
    [InlineData("POST", "/api/assessment/alerts/detect", "day")]
    [InlineData("POST", "/api/assessment/alerts/detect?day=2025-03-04", "day")]
    public async Task BadParameters_Are400_NamingTheField(string method, string url, string field)
    {
        var response = await Supervisor.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field]);
    }

    [Fact]
    public async Task TheCountsComeFromTheBeijingDay()
    {
        await using (var db = App.NewDbContext())
        {
            // 23:59 on 1 March in Beijing is 2 March in no time zone here: it must not count for 2 March.
            for (var i = 0; i < 20; i++)
                db.Add(AssessmentTestData.Case(new DateTimeOffset(2025, 3, 1, 23, 59, 0, China), item: _data.Noise, jurisdiction: _data.S2));
            await db.SaveChangesAsync();
        }

        (await DetectAsync()).Select(a => a.ItemCode).ShouldBe(["0901"]);
        (await DetectAsync("2025-03-01")).Select(a => (a.ItemCode, a.AreaCode, a.Count)).ShouldBe([("0902", "330106002", 20)]);
    }
}

public sealed class SpikeAlertTests_Sqlite() : SpikeAlertTests(DatabaseProvider.Sqlite);

public sealed class SpikeAlertTests_Postgres() : SpikeAlertTests(DatabaseProvider.Postgres);
