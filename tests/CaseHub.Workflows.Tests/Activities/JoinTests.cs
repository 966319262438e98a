using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Activities;

public sealed class JoinTests : EngineTest
{
    /// <summary>start → fork(a, b) → taskA / taskB → join(mode) → after.</summary>
    private static FlowchartBuilder TwoTasksInto(string mode) => new FlowchartBuilder($"join-{mode}")
        .Start().Fork("fork", "a", "b").HumanTask("taskA", "qa").HumanTask("taskB", "qb").Join("join", mode).WriteLine("after", "joined")
        .Connect("start", "fork").Connect("fork", "taskA", "a").Connect("fork", "taskB", "b")
        .Connect("taskA", "join").Connect("taskB", "join").Connect("join", "after");

    [Fact]
    public async Task FlowJoin_WaitAll_WaitsForEveryInboundBranch()
    {
        var instance = await RunAsync(TwoTasksInto("WaitAll"));

        await Host.CompleteOpenTaskAsync(instance.Id, "taskA", "Done");
        (await Host.RouteAsync(instance.Id)).ShouldNotContain("join:Done");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);

        await Host.CompleteOpenTaskAsync(instance.Id, "taskB", "Done");
        (await Host.RouteAsync(instance.Id)).TakeLast(4).ShouldBe(["taskA:resumed:Done", "taskB:resumed:Done", "join:Done", "after:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task FlowJoin_WaitAny_CancelsTheOtherBranchesTasks()
    {
        var instance = await RunAsync(TwoTasksInto("WaitAny"));

        await Host.CompleteOpenTaskAsync(instance.Id, "taskB", "Done");

        var tasks = await Host.TasksAsync(instance.Id);
        tasks.Single(t => t.ActivityId == "taskA").Status.ShouldBe(HumanTaskStatus.Cancelled);
        tasks.Single(t => t.ActivityId == "taskB").Status.ShouldBe(HumanTaskStatus.Completed);
        (await Host.PathAsync(instance.Id)).TakeLast(5).ShouldBe(["taskB:resumed:Done", "taskA:cancelled", "join:Done", "after:log:joined", "after:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task FlowJoin_WaitAny_CancelsTheOtherBranchesTimer()
    {
        var flow = new FlowchartBuilder("join-any-timer")
            .Start().Fork("fork", "work", "clock").HumanTask("task", "q").Delay("timeout", "02:00:00").Join("join", "WaitAny").WriteLine("after", "x")
            .Connect("start", "fork").Connect("fork", "task", "work").Connect("fork", "timeout", "clock")
            .Connect("task", "join").Connect("timeout", "join").Connect("join", "after");
        var instance = await RunAsync(flow);
        (await Host.TimersAsync(instance.Id)).Count.ShouldBe(1);

        await Host.CompleteOpenTaskAsync(instance.Id, "task", "Done");

        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await Host.PathAsync(instance.Id)).ShouldContain("timeout:cancelled");
        (await Host.AdvanceAsync(TimeSpan.FromHours(3))).ShouldBe(0);
        (await Host.RouteAsync(instance.Id)).Count(r => r == "after:Done").ShouldBe(1);
    }

    [Fact]
    public async Task FlowJoin_WaitAny_WhenTheTimerWins_CancelsTheTaskOfTheOtherBranch()
    {
        var flow = new FlowchartBuilder("join-any-escalate")
            .Start().Fork("fork", "work", "clock").HumanTask("task", "q").Delay("timeout", "02:00:00").Join("join", "WaitAny").WriteLine("after", "x")
            .Connect("start", "fork").Connect("fork", "task", "work").Connect("fork", "timeout", "clock")
            .Connect("task", "join").Connect("timeout", "join").Connect("join", "after");
        var instance = await RunAsync(flow);

        (await Host.AdvanceAsync(TimeSpan.FromHours(2))).ShouldBe(1);

        (await Host.TasksAsync(instance.Id)).Single().Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await Host.RouteAsync(instance.Id)).TakeLast(3).ShouldBe(["timeout:resumed:Done", "join:Done", "after:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task FlowJoin_WaitAny_StopsTheLosingBranchBeforeItReachesItsNextActivity()
    {
        var flow = new FlowchartBuilder("join-any-deep")
            .Start().Fork("fork", "a", "b").HumanTask("fast", "q").HumanTask("slow1", "q").HumanTask("slow2", "q").Join("join", "WaitAny")
            .Connect("start", "fork").Connect("fork", "fast", "a").Connect("fork", "slow1", "b")
            .Connect("fast", "join").Connect("slow1", "slow2").Connect("slow2", "join");
        var instance = await RunAsync(flow);

        await Host.CompleteOpenTaskAsync(instance.Id, "fast", "Done");

        var tasks = await Host.TasksAsync(instance.Id);
        tasks.Select(t => t.ActivityId).ShouldBe(["fast", "slow1"], ignoreOrder: true);
        tasks.Single(t => t.ActivityId == "slow1").Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task FlowJoin_WaitAllActive_WaitsForBranchesStillActive()
    {
        var instance = await RunAsync(TwoTasksInto("WaitAllActive"));

        await Host.CompleteOpenTaskAsync(instance.Id, "taskA", "Done");
        (await Host.RouteAsync(instance.Id)).ShouldNotContain("join:Done");

        await Host.CompleteOpenTaskAsync(instance.Id, "taskB", "Done");
        var route = await Host.RouteAsync(instance.Id);
        route.Count(r => r == "join:Done").ShouldBe(1);
        route.Last().ShouldBe("after:Done");
    }

    [Fact]
    public async Task FlowJoin_WaitAllActive_DoesNotWaitForABranchThatWasNotTaken()
    {
        var flow = new FlowchartBuilder("join-active-skipped")
            .Start().Fork("fork", "a", "b")
            .Decision("decide", In.Literal("false", "Boolean")).HumanTask("taskA", "qa").End("skip")
            .HumanTask("taskB", "qb").Join("join", "WaitAllActive").WriteLine("after", "joined")
            .Connect("start", "fork").Connect("fork", "decide", "a").Connect("fork", "taskB", "b")
            .Connect("decide", "taskA", "True").Connect("decide", "skip", "False")
            .Connect("taskA", "join").Connect("taskB", "join").Connect("join", "after");
        var instance = await RunAsync(flow);

        await Host.CompleteOpenTaskAsync(instance.Id, "taskB", "Done");

        (await Host.RouteAsync(instance.Id)).TakeLast(2).ShouldBe(["join:Done", "after:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task FlowJoin_WithAModeThatCannotBeEvaluated_RecordsAnIncidentInsteadOfFailingTheRequest()
    {
        var flow = new FlowchartBuilder("join-bad-mode")
            .Start().Fork("fork", "a", "b").WriteLine("a", "a").WriteLine("b", "b")
            .Activity("join", "Elsa.FlowJoin", ("mode", In.Variable("joinMode")))
            .Connect("start", "fork").Connect("fork", "a", "a").Connect("fork", "b", "b").Connect("a", "join").Connect("b", "join");

        var instance = await RunAsync(flow);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);
        (await Host.IncidentsAsync(instance.Id)).ShouldContain(i => i.ActivityId == "join" && i.Message.Contains("joinMode"));
    }

    [Fact]
    public async Task ImplicitJoin_ActivityEnteredByTwoActiveBranches_RunsOnceBothArrive()
    {
        var flow = new FlowchartBuilder("implicit-join")
            .Start().Fork("fork", "a", "b").HumanTask("taskA", "qa").HumanTask("taskB", "qb").WriteLine("after", "both done")
            .Connect("start", "fork").Connect("fork", "taskA", "a").Connect("fork", "taskB", "b")
            .Connect("taskA", "after").Connect("taskB", "after");
        var instance = await RunAsync(flow);

        await Host.CompleteOpenTaskAsync(instance.Id, "taskA", "Done");
        (await Host.RouteAsync(instance.Id)).ShouldNotContain("after:Done");

        await Host.CompleteOpenTaskAsync(instance.Id, "taskB", "Done");
        (await Host.RouteAsync(instance.Id)).Count(r => r == "after:Done").ShouldBe(1);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task ImplicitJoin_ActivityEnteredFromBothSidesOfADecision_RunsOnceForTheSideTaken()
    {
        var flow = new FlowchartBuilder("implicit-decision")
            .Start().Decision("decide", In.Literal("true", "Boolean")).WriteLine("yes", "yes").WriteLine("no", "no").WriteLine("after", "after")
            .Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False")
            .Connect("yes", "after").Connect("no", "after");

        var instance = await RunAsync(flow);

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "decide:True", "yes:Done", "after:Done"]);
    }

    [Fact]
    public async Task ImplicitJoin_LoopBackLikeReturnToDispatch_RunsTheDispatchAgain()
    {
        var flow = new FlowchartBuilder("return-to-dispatch")
            .Start().HumanTask("dispatch", "centre", "Dispatched").HumanTask("handle", "dept", "Done", "Return").End("end")
            .Connect("start", "dispatch").Connect("dispatch", "handle", "Dispatched")
            .Connect("handle", "dispatch", "Return").Connect("handle", "end", "Done");
        var instance = await RunAsync(flow);

        await Host.CompleteOpenTaskAsync(instance.Id, "dispatch", "Dispatched");
        await Host.CompleteOpenTaskAsync(instance.Id, "handle", "Return");
        (await Host.OpenTasksAsync(instance.Id)).Single().ActivityId.ShouldBe("dispatch");
        await Host.CompleteOpenTaskAsync(instance.Id, "dispatch", "Dispatched");
        await Host.CompleteOpenTaskAsync(instance.Id, "handle", "Done");

        (await Host.RouteAsync(instance.Id)).ShouldBe([
            "start:Done", "dispatch:resumed:Dispatched", "handle:resumed:Return",
            "dispatch:resumed:Dispatched", "handle:resumed:Done", "end"]);
        (await Host.TasksAsync(instance.Id)).Count.ShouldBe(4);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }
}
