using CaseHub.Workflows.Activities;

namespace CaseHub.Workflows.Tests.Activities;

public sealed class WorkflowDurationTests
{
    [Theory]
    [InlineData("3 working days", 3, DurationUnit.WorkingDays)]
    [InlineData("1 working day", 1, DurationUnit.WorkingDays)]
    [InlineData(" 0.5 Working Days ", 0.5, DurationUnit.WorkingDays)]
    [InlineData("4 working hours", 4, DurationUnit.WorkingHours)]
    [InlineData("2.00:00:00", 2880, DurationUnit.Minutes)]
    [InlineData("04:30:00", 270, DurationUnit.Minutes)]
    [InlineData("PT2H", 120, DurationUnit.Minutes)]
    [InlineData("P1DT1M", 1441, DurationUnit.Minutes)]
    public void Parses_WorkingAndClockTime(string text, double amount, DurationUnit unit)
    {
        WorkflowDuration.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(new WorkflowDuration(amount, unit));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3 workdays")]
    [InlineData("working days")]
    [InlineData("3 days")]
    [InlineData("-2 working days")]
    [InlineData("soon")]
    public void RefusesWhatIsNotADuration(string text) => WorkflowDuration.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("3 working days")]
    [InlineData("4 working hours")]
    [InlineData("1.02:03:00")]
    public void WritesTextItReadsBack(string text)
    {
        WorkflowDuration.TryParse(text, out var duration).ShouldBeTrue();
        WorkflowDuration.TryParse(duration.ToString(), out var again).ShouldBeTrue();
        again.ShouldBe(duration);
    }

    [Fact]
    public async Task WithoutACalendar_WorkingTimeRunsAroundTheClock()
    {
        var monday9 = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(8));
        var clock = new AroundTheClock();

        (await clock.AddAsync(monday9, new WorkflowDuration(2, DurationUnit.WorkingDays))).ShouldBe(monday9.AddDays(2));
        (await clock.AddAsync(monday9, new WorkflowDuration(4, DurationUnit.WorkingHours))).ShouldBe(monday9.AddHours(4));
    }
}
