using CaseHub.Cases.Features.Calendar;
using CaseHub.Tests;

namespace CaseHub.Web.Tests.Supervision;

/// <summary>Working-time arithmetic on the shipped 2025–2026 calendar, 09:00–12:00 and 13:30–17:30 Beijing time.</summary>
public sealed class WorkCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static readonly WorkCalendar Calendar = new(
        FakeTimeProvider.ChinaStandardTime,
        new CalendarOptions().ParseWorkingHours(),
        StatutoryHolidays.All.ToDictionary(d => d.Date, d => d.Kind));

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Beijing);

    [Fact]
    public void AWorkingDayIsSevenHoursOfWorkingTime() => Calendar.WorkingDayLength.ShouldBe(TimeSpan.FromHours(7));

    [Fact]
    public void NationalDay2026_SkipsTheGoldenWeek_AndCountsTheMakeUpSaturday()
    {
        var start = At(2026, 9, 30, 10); // Wednesday, the last working day before the holiday
        Calendar.AddWorkingDays(start, 1).ShouldBe(At(2026, 10, 8, 10));
        Calendar.AddWorkingDays(start, 2).ShouldBe(At(2026, 10, 9, 10));
        Calendar.AddWorkingDays(start, 3).ShouldBe(At(2026, 10, 10, 10)); // Saturday 10 October is a make-up working day
        Calendar.AddWorkingDays(start, 4).ShouldBe(At(2026, 10, 12, 10));
        Calendar.IsWorkingDay(new DateOnly(2026, 9, 20)).ShouldBeTrue(); // Sunday make-up day before it
        Calendar.IsWorkingDay(new DateOnly(2026, 10, 7)).ShouldBeFalse();
    }

    [Fact]
    public void NationalDay2025_UsesTheSundayMakeUpDayBeforeTheHoliday()
    {
        // Friday 16:00: 1.5 h left that day, Sunday 28 September is a working day (3 h in the morning, 2.5 h after lunch).
        Calendar.AddWorkingDays(At(2025, 9, 26, 16), 1).ShouldBe(At(2025, 9, 28, 16));
        // From the last working day before the eight-day holiday to the first after it.
        Calendar.AddWorkingHours(At(2025, 9, 30, 17), 1).ShouldBe(At(2025, 10, 9, 9, 30));
    }

    [Fact]
    public void AcrossTheYearEnd_NewYearHolidaysAndTheSundayMakeUpDayOf2026Count()
    {
        Calendar.AddWorkingDays(At(2025, 12, 31, 16), 1).ShouldBe(At(2026, 1, 4, 16));
        Calendar.WorkingTimeBetween(At(2025, 12, 31, 16), At(2026, 1, 4, 16)).ShouldBe(TimeSpan.FromHours(7));
    }

    [Theory]
    [InlineData(12, 0, 1.0, 3, 14, 30)]   // at the start of lunch: the hour runs from 13:30
    [InlineData(12, 30, 0.5, 3, 14, 0)]   // during lunch
    [InlineData(8, 0, 3.0, 3, 12, 0)]     // before opening; ends exactly at the end of the morning, not after lunch
    [InlineData(17, 30, 1.0, 4, 10, 0)]   // at closing time: the next morning
    [InlineData(11, 59, 0.0, 3, 11, 59)]  // nothing to add
    public void AtTheEdgesOfWorkingHours(int hour, int minute, double hours, int dueDay, int dueHour, int dueMinute) =>
        Calendar.AddWorkingHours(At(2025, 3, 3, hour, minute), hours).ShouldBe(At(2025, 3, dueDay, dueHour, dueMinute));

    [Fact]
    public void AWeekendStartCountsFromMondayMorning()
    {
        Calendar.AddWorkingHours(At(2025, 3, 8, 10), 1).ShouldBe(At(2025, 3, 10, 10)); // Saturday → Monday
        Calendar.WorkingTimeBetween(At(2025, 3, 7, 16), At(2025, 3, 10, 10)).ShouldBe(TimeSpan.FromHours(2.5));
        Calendar.WorkingTimeBetween(At(2025, 3, 10, 10), At(2025, 3, 7, 16)).ShouldBe(TimeSpan.FromHours(-2.5));
    }

    [Fact]
    public void NaturalHoursRunThroughNightsAndHolidays() =>
        WorkCalendar.AddNaturalHours(At(2026, 9, 30, 20), 24).ShouldBe(At(2026, 10, 1, 20));

    [Fact]
    public void AddingWorkingTimeAndMeasuringItAgree()
    {
        foreach (var start in new[] { At(2025, 1, 24, 15, 45), At(2025, 4, 30, 11), At(2026, 2, 13, 17), At(2026, 6, 18, 13) })
            foreach (var hours in new[] { 0.25, 3, 7, 20, 70 })
                Calendar.WorkingTimeBetween(start, Calendar.AddWorkingHours(start, hours)).ShouldBe(TimeSpan.FromHours(hours), $"{start:O} + {hours} h");
    }

    [Fact]
    public void The2026CalendarHas248WorkingDays()
    {
        var days = 0;
        for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(1))
            days += Calendar.IsWorkingDay(day) ? 1 : 0;
        days.ShouldBe(248); // 261 weekdays − 19 weekday holidays + 6 make-up weekend days, counted by hand from 国办发明电〔2025〕7号
    }

    [Theory]
    [InlineData("9:00-12:00")]
    [InlineData("09:00")]
    [InlineData("13:00-12:00")]
    public void MalformedWorkingHoursAreRejectedAtStart(string period) =>
        Should.Throw<Exception>(() => new WorkCalendar(TimeZoneInfo.Utc, new CalendarOptions { WorkingHours = [period] }.ParseWorkingHours(), new Dictionary<DateOnly, CalendarDayKind>()));
}
