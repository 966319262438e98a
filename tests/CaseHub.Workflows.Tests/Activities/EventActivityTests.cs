using System.Text.Json.Nodes;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Activities;

public sealed class EventActivityTests : EngineTest
{
    private static FlowchartBuilder WaitFor(string definitionId, string eventName, string? correlationId = null) =>
        new FlowchartBuilder(definitionId).Start().Event("wait", eventName, correlationId).WriteLine("after", "got it").Chain("start", "wait", "after");

    [Fact]
    public async Task Event_WaitsOnABookmark_AndResumesWhenTheEventIsPublished()
    {
        var instance = await RunAsync(WaitFor("paid", "payment.received"));
        var bookmark = (await Host.BookmarksAsync(instance.Id)).Single();
        bookmark.EventName.ShouldBe("payment.received");
        bookmark.CorrelationId.ShouldBeNull();

        (await Host.PublishEventAsync("payment.received", payload: new JsonObject { ["amount"] = 42 })).ShouldBe(1);

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "wait:resumed:Done", "after:Done"]);
        (await Host.BookmarksAsync(instance.Id)).ShouldBeEmpty();
        var state = InstanceState.Read((await Host.InstanceAsync(instance.Id)).StateJson);
        state.Outputs["wait"].ShouldBeSemanticallyEqualTo(new JsonObject { ["amount"] = 42 });
    }

    [Fact]
    public async Task Event_WithAnotherName_DoesNotResume()
    {
        var instance = await RunAsync(WaitFor("paid-other", "payment.received"));

        (await Host.PublishEventAsync("payment.refused")).ShouldBe(0);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await Host.BookmarksAsync(instance.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Event_WithACorrelationId_TakesOnlyEventsWithThatId()
    {
        await Host.PublishAsync(WaitFor("paid-1", "payment.received", "case-1"));
        await Host.PublishAsync(WaitFor("paid-2", "payment.received", "case-2"));
        var first = await Host.StartAsync("paid-1");
        var second = await Host.StartAsync("paid-2");

        (await Host.PublishEventAsync("payment.received", "case-3")).ShouldBe(0);
        (await Host.PublishEventAsync("payment.received")).ShouldBe(0);
        (await Host.PublishEventAsync("payment.received", "case-2")).ShouldBe(1);

        (await Host.InstanceAsync(first.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await Host.InstanceAsync(second.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task Event_WithoutACorrelationId_TakesEventsWithAnyId()
    {
        var instance = await RunAsync(WaitFor("paid-any", "payment.received"));

        (await Host.PublishEventAsync("payment.received", "case-9")).ShouldBe(1);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task PublishEvent_ResumesAWaitingInstanceInTheSameUnitOfWork()
    {
        await Host.PublishAsync(WaitFor("listener", "case.closed", "case-7"));
        var listener = await Host.StartAsync("listener");
        await Host.PublishAsync(new FlowchartBuilder("publisher").Start()
            .PublishEvent("publish", "case.closed", "case-7", In.Object("""{"reason":"resolved"}""")).Chain("start", "publish"));

        var publisher = await Host.StartAsync("publisher");

        (await Host.InstanceAsync(publisher.Id)).Status.ShouldBe(WorkflowStatus.Finished);
        (await Host.InstanceAsync(listener.Id)).Status.ShouldBe(WorkflowStatus.Finished);
        var state = InstanceState.Read((await Host.InstanceAsync(listener.Id)).StateJson);
        state.Outputs["wait"].ShouldBeSemanticallyEqualTo(new JsonObject { ["reason"] = "resolved" });
    }

    [Fact]
    public async Task PublishEvent_WithAnotherCorrelationId_LeavesTheListenerWaiting()
    {
        await Host.PublishAsync(WaitFor("listener-x", "case.closed", "case-7"));
        var listener = await Host.StartAsync("listener-x");
        await Host.PublishAsync(new FlowchartBuilder("publisher-x").Start().PublishEvent("publish", "case.closed", "case-8").Chain("start", "publish"));

        await Host.StartAsync("publisher-x");

        (await Host.InstanceAsync(listener.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
    }

    [Fact]
    public async Task PublishEvent_ResumesAParallelBranchOfTheSameInstance()
    {
        var flow = new FlowchartBuilder("self-signal")
            .Start().Fork("fork", "listen", "talk").Event("wait", "ping").PublishEvent("publish", "ping").WriteLine("heard", "heard")
            .Connect("start", "fork").Connect("fork", "wait", "listen").Connect("fork", "publish", "talk").Connect("wait", "heard");

        var instance = await RunAsync(flow);

        (await Host.RouteAsync(instance.Id)).ShouldContain("heard:Done");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }
}
