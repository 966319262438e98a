using System.Net;
using System.Net.Http.Json;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Supervision;

namespace CaseHub.Web.Tests.Supervision;

/// <summary>The calendar admins edit, and the deadline calculator that reads it.</summary>
public abstract class CalendarApiTests(DatabaseProvider provider) : AppTest(provider)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task TheShippedYearsCarryTheStateCouncilsHolidaysAndMakeUpDays()
    {
        var year = await (await Admin.GetAsync("/api/calendar/2026")).ReadAsync<CalendarYearDto>();
        year.WorkingDays.ShouldBe(248);
        year.WorkingHours.ShouldBe(["09:00-12:00", "13:30-17:30"]);
        year.Days.Single(d => d.Date == new DateOnly(2026, 10, 10)).Kind.ShouldBe("WorkingDay");
        year.Days.Count(d => d.Name == "国庆节").ShouldBe(7);
        (await (await Admin.GetAsync("/api/calendar/2025")).ReadAsync<CalendarYearDto>()).Days.Count(d => d.Kind == "Holiday").ShouldBe(28);
        (await Admin.GetAsync("/api/calendar/1999")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnAdminsEdit_ChangesTheDeadlinesComputedAfterIt()
    {
        var from = Uri.EscapeDataString(new DateTimeOffset(2027, 2, 5, 10, 0, 0, Beijing).ToString("O"));
        (await (await Admin.GetAsync($"/api/calendar/deadline?from={from}&workingDays=1")).ReadAsync<DeadlineCalculation>())
            .DueAt.ShouldBe(new DateTimeOffset(2027, 2, 8, 10, 0, 0, Beijing)); // Friday → Monday

        var saved = await (await Admin.PutAsJsonAsync("/api/calendar/days/2027-02-08", new { kind = "Holiday", name = "春节" }, CaseHubApp.Json)).ReadAsync<CalendarDayDto>();
        (await (await Admin.GetAsync($"/api/calendar/deadline?from={from}&workingDays=1")).ReadAsync<DeadlineCalculation>())
            .DueAt.ShouldBe(new DateTimeOffset(2027, 2, 9, 10, 0, 0, Beijing));

        (await Admin.PutAsJsonAsync("/api/calendar/days/2027-02-08", new { kind = "Holiday", name = "春节", rowVersion = saved.RowVersion + 7 }, CaseHubApp.Json))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Admin.DeleteAsync("/api/calendar/days/2027-02-08")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await Admin.GetAsync($"/api/calendar/deadline?from={from}&workingDays=1")).ReadAsync<DeadlineCalculation>())
            .DueAt.ShouldBe(new DateTimeOffset(2027, 2, 8, 10, 0, 0, Beijing));
    }

    [Theory]
    [InlineData("/api/calendar/days/2027-13-01", "{\"kind\":\"Holiday\",\"name\":\"x\"}", "date")]
    [InlineData("/api/calendar/days/2027-02-08", "{\"kind\":\"Weekend\",\"name\":\"x\"}", "kind")]
    [InlineData("/api/calendar/days/2027-02-08", "{\"kind\":\"Holiday\"}", "name")]
    public async Task BadEditsAreRefusedNamingTheField(string url, string body, string field)
    {
        var problem = await (await Admin.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).ReadProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldContain(field);
    }

    [Fact]
    public async Task TheCalculatorWantsExactlyOneLimit() =>
        (await Admin.GetAsync("/api/calendar/deadline?from=2026-01-05T09:00:00%2B08:00&workingDays=1&workingHours=2")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
}

public sealed class CalendarApiTests_Sqlite() : CalendarApiTests(DatabaseProvider.Sqlite);

public sealed class CalendarApiTests_Postgres() : CalendarApiTests(DatabaseProvider.Postgres);
