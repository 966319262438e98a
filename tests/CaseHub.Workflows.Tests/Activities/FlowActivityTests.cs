using System.Text.Json.Nodes;
using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Activities;

public sealed class FlowActivityTests : EngineTest
{
    [Fact]
    public async Task WriteLine_JournalsItsTextBetweenStartAndFinish()
    {
        var instance = await RunAsync(new FlowchartBuilder("hello").Start().WriteLine("log", "你好").Chain("start", "log"));

        (await Host.PathAsync(instance.Id)).ShouldBe(["start:Done", "log:log:你好", "log:Done"]);
        var saved = await Host.InstanceAsync(instance.Id);
        saved.Status.ShouldBe(WorkflowStatus.Finished);
        saved.FinishedAt.ShouldBe(Host.Clock.UtcNow);
        var journal = await Host.JournalAsync(instance.Id);
        journal.Select(j => j.Sequence).ShouldBe([0, 1, 2]);
        journal.ShouldAllBe(j => j.Actor == "alice" && j.InstanceId == instance.Id);
        journal[0].ActivityType.ShouldBe("Elsa.Start");
    }

    [Fact]
    public async Task End_StopsOnlyItsOwnPath_WhileTheOtherBranchGoesOn()
    {
        var flow = new FlowchartBuilder("end-one-path")
            .Start().Fork("fork", "a", "b").End("end").HumanTask("task", "queue").WriteLine("after", "after task")
            .Connect("start", "fork").Connect("fork", "end", "a").Connect("fork", "task", "b").Connect("task", "after");

        var instance = await RunAsync(flow);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await Host.RouteAsync(instance.Id)).ShouldContain("end");
        await Host.CompleteOpenTaskAsync(instance.Id, "task", "Done");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "fork:a,b", "end", "task:resumed:Done", "after:Done"]);
    }

    [Fact]
    public async Task Finish_EndsTheInstance_AndCancelsTheOtherBranchesTasksAndTimers()
    {
        var flow = new FlowchartBuilder("finish-all")
            .Start().Fork("fork", "a", "b", "c").HumanTask("task", "queue").Delay("delay", "01:00:00").Finish("finish").WriteLine("after", "never")
            .Connect("start", "fork").Connect("fork", "task", "a").Connect("fork", "delay", "b").Connect("fork", "finish", "c")
            .Connect("task", "after").Connect("delay", "after");

        var instance = await RunAsync(flow);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
        (await Host.TasksAsync(instance.Id)).Single().Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        var path = await Host.PathAsync(instance.Id);
        path.ShouldContain("task:cancelled");
        path.ShouldContain("delay:cancelled");
        path.ShouldNotContain(p => p.StartsWith("after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Finish_ReachedAfterATask_CancelsTheTaskOfTheParallelBranch()
    {
        var flow = new FlowchartBuilder("finish-later")
            .Start().Fork("fork", "a", "b").HumanTask("first", "queue").HumanTask("second", "queue").Finish("finish").WriteLine("afterSecond", "never")
            .Connect("start", "fork").Connect("fork", "first", "a").Connect("fork", "second", "b").Connect("first", "finish").Connect("second", "afterSecond");
        var instance = await RunAsync(flow);

        await Host.CompleteOpenTaskAsync(instance.Id, "first", "Done");

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
        var second = (await Host.TasksAsync(instance.Id)).Single(t => t.ActivityId == "second");
        second.Status.ShouldBe(HumanTaskStatus.Cancelled);
        second.CompletedAt.ShouldBe(Host.Clock.UtcNow);
        (await Host.PathAsync(instance.Id)).TakeLast(3).ShouldBe(["first:resumed:Done", "finish", "second:cancelled"]);
    }

    [Fact]
    public async Task SetVariable_StoresLiteralObjectAndVariableValues()
    {
        var flow = new FlowchartBuilder("set-variables")
            .Variable("status", "new").Variable("copy").Variable("details")
            .Start()
            .SetVariable("setStatus", "status", In.Literal("approved"))
            .SetVariable("setDetails", "details", In.Object("""{"days":3,"reason":"家事"}"""))
            .SetVariable("setCopy", "copy", In.Variable("status"))
            .Chain("start", "setStatus", "setDetails", "setCopy");

        var instance = await RunAsync(flow);

        var variables = await Host.VariablesAsync(instance.Id);
        variables["status"]!.GetValue<string>().ShouldBe("approved");
        variables["copy"]!.GetValue<string>().ShouldBe("approved");
        variables["details"].ShouldBeSemanticallyEqualTo(JsonNode.Parse("""{"days":3,"reason":"家事"}"""));
        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "setStatus:Done", "setDetails:Done", "setCopy:Done"]);
    }

    [Fact]
    public async Task Variables_StartWithTheirDefinedDefaults()
    {
        var instance = await RunAsync(new FlowchartBuilder("defaults").Variable("count", 3).Variable("label", "x").Start().HumanTask("wait", "q").Chain("start", "wait"));

        var variables = await Host.VariablesAsync(instance.Id);
        variables["count"]!.GetValue<int>().ShouldBe(3);
        variables["label"]!.GetValue<string>().ShouldBe("x");
    }

    public static TheoryData<string, JsonObject, string> Decisions => new()
    {
        { "literal true", In.Literal("true", "Boolean"), "True" },
        { "literal false", In.Literal("false", "Boolean"), "False" },
        { "variable true", In.Variable("urgent"), "True" },
        { "variable false", In.Variable("quiet"), "False" },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public async Task FlowDecision_TakesThePortOfItsCondition(string because, JsonObject condition, string port)
    {
        var flow = new FlowchartBuilder("decision")
            .Variable("urgent", true, "Boolean").Variable("quiet", false, "Boolean")
            .Start().Decision("decide", condition).WriteLine("yes", "yes").WriteLine("no", "no")
            .Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False");

        var instance = await RunAsync(flow);

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", $"decide:{port}", port == "True" ? "yes:Done" : "no:Done"], because);
    }

    [Fact]
    public async Task FlowDecision_WithAConditionThatIsNotABoolean_RecordsAnIncident()
    {
        var flow = new FlowchartBuilder("decision-bad")
            .Start().Decision("decide", In.Literal("maybe", "Boolean")).WriteLine("yes", "yes").WriteLine("no", "no")
            .Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False");

        var instance = await RunAsync(flow);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();
        incident.ActivityId.ShouldBe("decide");
        incident.Message.ShouldContain("condition");
    }

    private static FlowchartBuilder SwitchFlow(string mode, params JsonObject[] cases)
    {
        var flow = new FlowchartBuilder("switch")
            .Variable("urgent", true, "Boolean").Variable("quiet", false, "Boolean")
            .Start().Switch("switch", mode, cases).WriteLine("a", "a").WriteLine("b", "b").WriteLine("c", "c").WriteLine("other", "other")
            .Connect("start", "switch").Connect("switch", "a", "A").Connect("switch", "b", "B").Connect("switch", "c", "C").Connect("switch", "other", "Default");
        return flow;
    }

    [Fact]
    public async Task FlowSwitch_MatchFirst_TakesOnlyTheFirstCaseThatHolds()
    {
        var instance = await RunAsync(SwitchFlow("MatchFirst",
            In.Case("A", "Literal", "false"), In.Case("B", "Literal", "true"), In.Case("C", "Variable", "urgent")));

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "switch:B", "b:Done"]);
    }

    [Fact]
    public async Task FlowSwitch_MatchAny_TakesEveryCaseThatHolds()
    {
        var instance = await RunAsync(SwitchFlow("MatchAny",
            In.Case("A", "Variable", "quiet"), In.Case("B", "Literal", "true"), In.Case("C", "Variable", "urgent")));

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "switch:B,C", "b:Done", "c:Done"]);
    }

    [Theory]
    [InlineData("MatchFirst")]
    [InlineData("MatchAny")]
    public async Task FlowSwitch_WhenNoCaseHolds_TakesDefault(string mode)
    {
        var instance = await RunAsync(SwitchFlow(mode,
            In.Case("A", "Literal", "false"), In.Case("B", "Variable", "quiet"), In.Case("C", "Literal", false)));

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "switch:Default", "other:Done"]);
    }

    [Fact]
    public async Task FlowFork_RunsEveryNamedBranch()
    {
        var flow = new FlowchartBuilder("fork")
            .Start().Fork("fork", "x", "y", "z").WriteLine("x", "x").WriteLine("y", "y").WriteLine("z", "z")
            .Connect("start", "fork").Connect("fork", "x", "x").Connect("fork", "y", "y").Connect("fork", "z", "z");

        var instance = await RunAsync(flow);

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "fork:x,y,z", "x:Done", "y:Done", "z:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }
}
