using System.Net;
using System.Text;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Web.Features.Assessment;
using Microsoft.EntityFrameworkCore;
using static CaseHub.Cases.Features.Assessment.CaseMetric;

namespace CaseHub.Web.Tests.Assessment;

/// <summary>
/// Issue 4 §7, assessment (考核), over HTTP: a constructed month with hand-computed rates, composite scores and ranking
/// per department, grid and org unit; folding exactly once; the CSV for Excel; every 400; and who may see what.
/// </summary>
public abstract class AssessmentApiTests(DatabaseProvider provider) : AppTest(provider), IAsyncLifetime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset March3 = new(2025, 3, 3, 10, 0, 0, China);
    private const string March = "from=2025-03-01&to=2025-03-31";
    private AssessmentTestData _data = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _data = await AssessmentTestData.SeedAsync(App);
    }

    /// <summary>
    /// roads in G1: 10 dispatched (one at 00:10 on 1 March, Beijing time), 8 accepted in time, 9 dispatched in time, 8 completed,
    /// 6 on time, 5 callbacks: 4 resolved, 3 satisfied, 1 partly; 1 returned, 1 reopened; 2 blue cards, 1 yellow.
    /// A dispatch at 23:59 on 28 February (Beijing) falls outside March.
    /// water in G2: 4 dispatched, accepted, completed, called back, resolved and satisfied.
    /// parks in G3: 5 dispatched, 2 accepted in time, no callbacks.
    /// </summary>
    private async Task SeedMonthAsync()
    {
        await AssessmentTestData.RecordAsync(App, _data.Roads, _data.G1, March3,
            (Dispatched, 9), (AcceptedInTime, 8), (DispatchedInTime, 9), (Completed, 8), (CompletedOnTime, 6), (CallbackAnswered, 5),
            (Resolved, 4), (Satisfied, 3), (PartlySatisfied, 1), (Returned, 1), (Reopened, 1), (BlueCard, 2), (YellowCard, 1));
        await AssessmentTestData.RecordAsync(App, _data.Roads, _data.G1, new DateTimeOffset(2025, 3, 1, 0, 10, 0, China), (Dispatched, 1));
        await AssessmentTestData.RecordAsync(App, _data.Roads, _data.G1, new DateTimeOffset(2025, 2, 28, 23, 59, 0, China), (Dispatched, 1));
        await AssessmentTestData.RecordAsync(App, _data.Water, _data.G2, March3,
            (Dispatched, 4), (AcceptedInTime, 4), (Completed, 4), (CallbackAnswered, 4), (Resolved, 4), (Satisfied, 4));
        await AssessmentTestData.RecordAsync(App, _data.Parks, _data.G3, new DateTimeOffset(2025, 3, 31, 23, 30, 0, China),
            (Dispatched, 5), (AcceptedInTime, 2));
    }

    private async Task<AssessmentReportDto> MetricsAsync(string query, string user = "supervisor") =>
        await (await App.ClientFor(user).GetAsync($"/api/assessment/metrics?{query}")).ReadAsync<AssessmentReportDto>();

    [Fact]
    public async Task Departments_HaveTheHandComputedRatesScoresAndRanks()
    {
        await SeedMonthAsync();

        var report = await MetricsAsync($"dimension=department&{March}");

        report.Rows.Select(r => (r.Rank, r.Code, r.Score)).ShouldBe([(1, "water", 100.0), (2, "roads", 76.5), (3, "parks", 40.0)]);
        var roads = report.Rows[1];
        roads.Name.ShouldBe("区建设局");
        roads.Counts.ShouldBe(new MetricCounts(10, 9, 8, 8, 6, 1, 1, 5, 4, 3, 1, 2, 1, 0));
        roads.Rates.ShouldBe(new AssessmentRates(
            Response: 0.8, ImmediateDispatch: 0.9, OnTimeCompletion: 0.75, Completion: 0.8, Resolution: 0.8,
            Satisfaction: 0.7, Callback: 0.625, Return: 0.1, Reopen: 0.125));
        // parks has no callbacks: resolution and satisfaction are null, and the composite is the response rate alone.
        var parks = report.Rows[2];
        (parks.Rates.Response, parks.Rates.Resolution, parks.Rates.Satisfaction, parks.Rates.Completion).ShouldBe((0.4, null, null, 0.0));
        report.Weights.ShouldBe(new Dictionary<AssessmentRate, double>
        {
            [AssessmentRate.Response] = 30, [AssessmentRate.Resolution] = 35, [AssessmentRate.Satisfaction] = 35,
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task EventsCountOnTheirBeijingDay()
    {
        await SeedMonthAsync();

        var february = await MetricsAsync("dimension=department&from=2025-02-28&to=2025-02-28");
        var firstOfMarch = await MetricsAsync("dimension=department&from=2025-03-01&to=2025-03-01");
        var lastOfMarch = await MetricsAsync("dimension=department&from=2025-03-31&to=2025-03-31");

        february.Rows.ShouldHaveSingleItem().Counts.Dispatched.ShouldBe(1);
        firstOfMarch.Rows.ShouldHaveSingleItem().Counts.Dispatched.ShouldBe(1);
        lastOfMarch.Rows.ShouldHaveSingleItem().Code.ShouldBe("parks");
    }

    [Fact]
    public async Task Grids_AndOrgUnitsAtEachLevel_AddUpTheGridsBelowThem()
    {
        await SeedMonthAsync();

        var grids = await MetricsAsync($"dimension=grid&{March}");
        var streets = await MetricsAsync($"dimension=orgUnit&level=Street&{March}");
        var districts = await MetricsAsync($"dimension=orgUnit&level=district&{March}");

        grids.Rows.Select(r => (r.Code, r.Score)).ShouldBe([("G2", 100.0), ("G1", 76.5), ("G3", 40.0)]);
        // 北山 = G1 + G2: response 12/14, resolution 8/9, satisfaction 7.5/9.
        streets.Rows.Select(r => (r.Rank, r.Code, r.Name, r.Score)).ShouldBe([(1, "330106001", "北山街道", 85.99), (2, "330106002", "灵隐街道", 40.0)]);
        streets.Rows[0].Counts.Dispatched.ShouldBe(14);
        // 西湖区 = all three grids: response 14/19.
        var xihu = districts.Rows.ShouldHaveSingleItem();
        (xihu.Code, xihu.Counts.Dispatched, xihu.Counts.AcceptedInTime, xihu.Score).ShouldBe(("330106", 19, 14, 82.38));
    }

    [Fact]
    public async Task TheTrend_GivesEveryDayOfThePeriod_WithItsBeijingDaysCounts_AndZeroOnQuietDays()
    {
        await SeedMonthAsync();

        var trend = await (await App.ClientFor("supervisor").GetAsync("/api/assessment/trend?from=2025-02-28&to=2025-03-03")).ReadAsync<AssessmentTrendDto>();
        var reversed = await App.ClientFor("supervisor").GetAsync("/api/assessment/trend?from=2025-03-03&to=2025-02-28");

        trend.Days.Select(d => (d.Day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Counts.Dispatched, d.Counts.BlueCard))
            .ShouldBe([("02-28", 1, 0), ("03-01", 1, 0), ("03-02", 0, 0), ("03-03", 13, 2)]);
        (await reversed.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("to")[0].GetString()!.ShouldContain("ends before it starts");
    }

    private async Task<AssessmentRankingDto> RankingAsync(int top) =>
        await (await App.ClientFor("supervisor").GetAsync($"/api/assessment/ranking?dimension=department&{March}&top={top}")).ReadAsync<AssessmentRankingDto>();

    [Fact]
    public async Task EqualScoresOnTheHonourRoll_ShareTheirRank_TheBusierUnitFirst()
    {
        // Both perfect; "roads" sorts before "water", but water had four times the cases.
        await AssessmentTestData.RecordAsync(App, _data.Water, _data.G2, March3,
            (Dispatched, 4), (AcceptedInTime, 4), (CallbackAnswered, 4), (Resolved, 4), (Satisfied, 4));
        await AssessmentTestData.RecordAsync(App, _data.Roads, _data.G1, March3,
            (Dispatched, 1), (AcceptedInTime, 1), (CallbackAnswered, 1), (Resolved, 1), (Satisfied, 1));

        (await RankingAsync(2)).HonourRoll.Select(r => (r.Rank, r.Code, r.Score)).ShouldBe([(1, "water", 100.0), (1, "roads", 100.0)]);
    }

    [Fact]
    public async Task EqualScoresOnTheBlacklist_TheBusierUnitFirst()
    {
        // parks and roads both accepted none in time (score 0); parks on five times the cases.
        await AssessmentTestData.RecordAsync(App, _data.Water, _data.G2, March3, (Dispatched, 4), (AcceptedInTime, 4));
        await AssessmentTestData.RecordAsync(App, _data.Parks, _data.G3, March3, (Dispatched, 10));
        await AssessmentTestData.RecordAsync(App, _data.Roads, _data.G1, March3, (Dispatched, 2));

        var ranking = await RankingAsync(1);

        ranking.HonourRoll.Select(r => r.Code).ShouldBe(["water"]);
        ranking.Blacklist.Select(r => (r.Rank, r.Code, r.Score)).ShouldBe([(2, "parks", 0.0)]);
        (await MetricsAsync($"dimension=department&{March}")).Rows.Select(r => (r.Rank, r.Code)).ShouldBe([(1, "water"), (2, "parks"), (2, "roads")]);
    }

    [Fact]
    public async Task Ranking_PutsTheBestOnTheHonourRoll_AndTheWorstFirstOnTheBlacklist_NeverBoth()
    {
        await SeedMonthAsync();

        var one = await (await App.ClientFor("supervisor").GetAsync($"/api/assessment/ranking?dimension=department&{March}&top=1"))
            .ReadAsync<AssessmentRankingDto>();
        var two = await (await App.ClientFor("supervisor").GetAsync($"/api/assessment/ranking?dimension=department&{March}&top=2"))
            .ReadAsync<AssessmentRankingDto>();

        one.HonourRoll.Select(r => r.Code).ShouldBe(["water"]);
        one.Blacklist.Select(r => r.Code).ShouldBe(["parks"]);
        two.HonourRoll.Select(r => r.Code).ShouldBe(["water", "roads"]);
        two.Blacklist.Select(r => r.Code).ShouldBe(["parks"]);
    }

    [Fact]
    public async Task UnitsUnderTheMinimumVolume_KeepTheirScore_ButAreNeitherRankedNorListed()
    {
        await SeedMonthAsync(); // March: roads 10 dispatched, water 4, parks 5
        await using var strict = new CaseHubApp(Database, App.Time, new Dictionary<string, string?> { ["Assessment:MinimumDispatched"] = "5" });
        var supervisor = strict.ClientFor("supervisor");

        var report = await (await supervisor.GetAsync($"/api/assessment/metrics?dimension=department&{March}")).ReadAsync<AssessmentReportDto>();
        var ranking = await (await supervisor.GetAsync($"/api/assessment/ranking?dimension=department&{March}&top=1")).ReadAsync<AssessmentRankingDto>();

        // water's perfect 100 on four cases is shown, after the ranked units, without a rank.
        report.Rows.Select(r => (r.Rank, r.Code, r.Score)).ShouldBe([(1, "roads", 76.5), (2, "parks", 40.0), (null, "water", 100.0)]);
        (ranking.MinimumDispatched, ranking.HonourRoll.Single().Code, ranking.Blacklist.Single().Code).ShouldBe((5, "roads", "parks"));
    }

    [Fact]
    public async Task ConfiguredWeights_ReplaceTheDefaults()
    {
        await SeedMonthAsync();
        await using var weighted = new CaseHubApp(Database, App.Time, new Dictionary<string, string?>
        {
            ["Assessment:Weights:Response"] = "50",
            ["Assessment:Weights:Completion"] = "50",
        });

        var report = await (await weighted.ClientFor("supervisor").GetAsync($"/api/assessment/metrics?dimension=department&{March}"))
            .ReadAsync<AssessmentReportDto>();

        report.Weights.ShouldBe(new Dictionary<AssessmentRate, double> { [AssessmentRate.Response] = 50, [AssessmentRate.Completion] = 50 }, ignoreOrder: true);
        // roads: (0.8 + 0.8) / 2; water: 1 and 1; parks: (0.4 + 0) / 2.
        report.Rows.Select(r => (r.Code, r.Score)).ShouldBe([("water", 100.0), ("roads", 80.0), ("parks", 20.0)]);
    }

    [Fact]
    public async Task Folding_CountsEachEventOnce_AndPicksUpEventsWrittenAfterAFold()
    {
        await AssessmentTestData.RecordAsync(App, _data.Roads, _data.G1, March3, (Dispatched, 3));
        var fold = App.Service<MetricFold>();

        (await fold.FoldPendingAsync()).ShouldBe(3);
        (await fold.FoldPendingAsync()).ShouldBe(0);
        (await MetricsAsync($"dimension=department&{March}")).Rows.ShouldHaveSingleItem().Counts.Dispatched.ShouldBe(3);
        (await MetricsAsync($"dimension=department&{March}")).Rows.ShouldHaveSingleItem().Counts.Dispatched.ShouldBe(3);

        await AssessmentTestData.RecordAsync(App, _data.Roads, _data.G1, March3, (Dispatched, 2), (AcceptedInTime, 1));

        var after = (await MetricsAsync($"dimension=department&{March}")).Rows.ShouldHaveSingleItem();
        (after.Counts.Dispatched, after.Counts.AcceptedInTime).ShouldBe((5, 1));
        await using var db = App.NewDbContext();
        (await db.Set<MetricEvent>().CountAsync()).ShouldBe(0);
        (await db.Set<DepartmentDailyMetrics>().SingleAsync()).Dispatched.ShouldBe(5);
        (await db.Set<GridDailyMetrics>().SingleAsync()).Dispatched.ShouldBe(5);
    }

    [Fact]
    public async Task TheCsvExport_IsUtf8WithABom_ChineseHeaders_AndOneRowPerUnitInRankOrder()
    {
        await SeedMonthAsync();

        var response = await App.ClientFor("supervisor").GetAsync($"/api/assessment/export?dimension=department&{March}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("assessment-department-20250301-20250331.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("排名,编码,名称,派单数,办结数,回访数,响应率(%),即时分转率(%),按时办结率(%),办结率(%),解决率(%),满意率(%),回访率(%),回退率(%),重办率(%),蓝牌,黄牌,红牌,综合得分");
        lines[1].ShouldStartWith("1,water,区水务局,4,4,4,100.00,");
        lines[2].ShouldBe("2,roads,区建设局,10,8,5,80.00,90.00,75.00,80.00,80.00,70.00,62.50,10.00,12.50,2,1,0,76.50");
        lines[3].ShouldBe("3,parks,区园林局,5,0,0,40.00,0.00,,0.00,,,,0.00,,0,0,0,40.00");
        lines.Length.ShouldBe(4);
    }

    [Theory]
    [InlineData("from=2025-03-01&to=2025-03-31", "dimension")]
    [InlineData("dimension=street&from=2025-03-01&to=2025-03-31", "dimension")]
    [InlineData("dimension=department&to=2025-03-31", "from")]
    [InlineData("dimension=department&from=2025-3-1&to=2025-03-31", "from")]
    [InlineData("dimension=department&from=2025-03-31&to=2025-03-01", "to")]
    [InlineData("dimension=department&from=2024-01-01&to=2025-03-31", "to")]
    [InlineData("dimension=department&level=Street&from=2025-03-01&to=2025-03-31", "level")]
    [InlineData("dimension=orgUnit&level=Grid&from=2025-03-01&to=2025-03-31", "level")]
    [InlineData("dimension=orgUnit&level=Planet&from=2025-03-01&to=2025-03-31", "level")]
    public async Task BadParameters_Are400_NamingTheField(string query, string field)
    {
        foreach (var route in new[] { "metrics", "ranking", "export" })
        {
            var problem = await (await App.ClientFor("supervisor").GetAsync($"/api/assessment/{route}?{query}")).ReadProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field], route);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    public async Task ARankingTopOutOfRange_Is400_NamingTop(string top)
    {
        var problem = await (await App.ClientFor("supervisor").GetAsync($"/api/assessment/ranking?dimension=grid&{March}&top={top}"))
            .ReadProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["top"]);
    }

    [Fact]
    public async Task ASupervisorSeesOnlyTheirJurisdiction_AndOtherRolesAreRefused()
    {
        await SeedMonthAsync();

        var scoped = await MetricsAsync($"dimension=department&{March}", "supervisor.xh");
        var districts = await MetricsAsync($"dimension=orgUnit&level=City&{March}", "supervisor.xh");
        var auditor = await App.ClientFor("handler").GetAsync($"/api/assessment/metrics?dimension=department&{March}");
        var stranger = await App.ClientAs("nobody").GetAsync($"/api/assessment/metrics?dimension=department&{March}");

        // parks serves 拱墅区, outside 西湖区; the city as a whole is above the supervisor's scope.
        scoped.Rows.Select(r => r.Code).ShouldBe(["water", "roads"]);
        districts.Rows.ShouldBeEmpty();
        await auditor.ReadProblemAsync(HttpStatusCode.Forbidden);
        await stranger.ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class AssessmentApiTests_Sqlite() : AssessmentApiTests(DatabaseProvider.Sqlite);

public sealed class AssessmentApiTests_Postgres() : AssessmentApiTests(DatabaseProvider.Postgres);
