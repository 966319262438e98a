using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Activities;

public sealed class TimerActivityTests : EngineTest
{
    [Theory]
    [InlineData("01:30:00", 90)]
    [InlineData("PT2H", 120)]
    [InlineData("1.00:00:00", 1440)]
    public async Task Delay_CreatesATimerDueAfterItsSpan(string timeSpan, int minutes)
    {
        var started = Host.Clock.UtcNow;
        var instance = await RunAsync(new FlowchartBuilder("delay").Start().Delay("delay", timeSpan).WriteLine("after", "x").Chain("start", "delay", "after"));

        var timer = (await Host.TimersAsync(instance.Id)).Single();
        timer.DueAt.ShouldBe(started.AddMinutes(minutes));
        timer.ActivityId.ShouldBe("delay");
        (await Host.PathAsync(instance.Id)).ShouldBe(["start:Done", "delay:waiting"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
    }

    [Fact]
    public async Task Delay_ResumesWhenTheClockPassesItsDueTime_AndNotBefore()
    {
        var instance = await RunAsync(new FlowchartBuilder("delay-fire").Start().Delay("delay", "01:30:00").WriteLine("after", "x").Chain("start", "delay", "after"));

        (await Host.AdvanceAsync(TimeSpan.FromMinutes(89))).ShouldBe(0);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);

        (await Host.AdvanceAsync(TimeSpan.FromMinutes(1))).ShouldBe(1);
        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "delay:resumed:Done", "after:Done"]);
        (await Host.JournalAsync(instance.Id)).Single(j => j.Event == JournalEvent.Resumed).Actor.ShouldBe("system:timer");
        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task Delay_FiresOnlyOnce_WhenTheDispatcherRunsAgain()
    {
        var instance = await RunAsync(new FlowchartBuilder("delay-once").Start().Delay("delay", "00:05:00").WriteLine("after", "x").Chain("start", "delay", "after"));

        (await Host.AdvanceAsync(TimeSpan.FromMinutes(10))).ShouldBe(1);
        (await Host.AdvanceAsync(TimeSpan.FromMinutes(10))).ShouldBe(0);

        (await Host.RouteAsync(instance.Id)).Count(r => r == "after:Done").ShouldBe(1);
    }

    [Fact]
    public async Task Delay_ReadsItsSpanFromAVariable()
    {
        var flow = new FlowchartBuilder("delay-variable").Variable("wait", "00:10:00", "TimeSpan")
            .Start().Delay("delay", In.Variable("wait", "TimeSpan")).Chain("start", "delay");

        var instance = await RunAsync(flow);

        (await Host.TimersAsync(instance.Id)).Single().DueAt.ShouldBe(Host.Clock.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task StartAt_InTheFuture_WaitsUntilThatMoment()
    {
        var at = Host.Clock.UtcNow.AddDays(2).AddHours(3);
        var instance = await RunAsync(new FlowchartBuilder("start-at").Start().StartAt("at", at).WriteLine("after", "x").Chain("start", "at", "after"));

        (await Host.TimersAsync(instance.Id)).Single().DueAt.ShouldBe(at);
        Host.Clock.UtcNow = at.AddSeconds(-1);
        (await Host.FireDueTimersAsync()).ShouldBe(0);
        Host.Clock.UtcNow = at;
        (await Host.FireDueTimersAsync()).ShouldBe(1);

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "at:resumed:Done", "after:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task StartAt_InThePast_ContinuesAtOnceWithoutATimer()
    {
        var instance = await RunAsync(new FlowchartBuilder("start-at-past").Start().StartAt("at", Host.Clock.UtcNow.AddMinutes(-1)).WriteLine("after", "x").Chain("start", "at", "after"));

        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "at:Done", "after:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task StartAt_WithAnOffset_IsDueAtTheSameInstantInUtc()
    {
        var at = new DateTimeOffset(2025, 3, 4, 17, 0, 0, TimeSpan.FromHours(8));
        var instance = await RunAsync(new FlowchartBuilder("start-at-offset").Start().StartAt("at", at).Chain("start", "at"));

        (await Host.TimersAsync(instance.Id)).Single().DueAt.UtcDateTime.ShouldBe(at.UtcDateTime);
    }
}
