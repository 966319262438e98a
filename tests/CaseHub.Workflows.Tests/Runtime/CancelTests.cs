using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Runtime;

public sealed class CancelTests : EngineTest
{
    private static FlowchartBuilder WaitingEverywhere() => new FlowchartBuilder("waits")
        .Start().Fork("fork", "task", "timer", "event")
        .HumanTask("task", "queue").Delay("delay", "01:00:00").Event("event", "ping")
        .Connect("start", "fork").Connect("fork", "task", "task").Connect("fork", "delay", "timer").Connect("fork", "event", "event");

    [Fact]
    public async Task Cancel_CancelsTheInstanceWithItsTasksTimersAndBookmarks()
    {
        var instance = await RunAsync(WaitingEverywhere());
        Host.Clock.Advance(TimeSpan.FromMinutes(3));

        await Host.CancelAsync(instance.Id);

        var saved = await Host.InstanceAsync(instance.Id);
        saved.Status.ShouldBe(WorkflowStatus.Cancelled);
        saved.FinishedAt.ShouldBe(Host.Clock.UtcNow);
        (await Host.TasksAsync(instance.Id)).Single().Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await Host.BookmarksAsync(instance.Id)).ShouldBeEmpty();
        (await Host.PathAsync(instance.Id)).TakeLast(3).ShouldBe(["task:cancelled", "delay:cancelled", "event:cancelled"], ignoreOrder: true);
        (await Host.JournalAsync(instance.Id)).Where(j => j.Event == JournalEvent.Cancelled).ShouldAllBe(j => j.Actor == "supervisor");
    }

    [Fact]
    public async Task Cancel_LeavesNothingThatCanResumeTheInstance()
    {
        var instance = await RunAsync(WaitingEverywhere());
        await Host.CancelAsync(instance.Id);

        (await Host.PublishEventAsync("ping")).ShouldBe(0);
        (await Host.AdvanceAsync(TimeSpan.FromHours(2))).ShouldBe(0);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Cancelled);
    }

    [Fact]
    public async Task Cancel_OfAFinishedInstance_ThrowsInvalidState()
    {
        var instance = await RunAsync(new FlowchartBuilder("done").Start());

        await Should.ThrowAsync<InvalidStateException>(() => Host.CancelAsync(instance.Id));
    }

    [Fact]
    public async Task Cancel_OfAnUnknownInstance_ThrowsNotFound()
    {
        await Should.ThrowAsync<NotFoundException>(() => Host.CancelAsync(Guid.NewGuid()));
    }
}
