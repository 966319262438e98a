using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Expressions;

/// <summary>
/// Activities driven by JavaScript expressions. They need the Jint evaluator, which is being built
/// separately; until it is merged they fail because JavaScript throws "not available yet".
/// </summary>
[Trait("Needs", "JavaScript")]
public sealed class JavaScriptExpressionTests : EngineTest
{
    private static FlowchartBuilder DecisionOn(string code) => new FlowchartBuilder("js-decision")
        .Variable("approved", true, "Boolean")
        .Start().Decision("decide", In.JavaScript(code, "Boolean")).WriteLine("yes", "yes").WriteLine("no", "no")
        .Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False");

    [Theory]
    [InlineData("1 + 1 === 2", "True")]
    [InlineData("'a' === 'b'", "False")]
    public async Task FlowDecision_WithAJavaScriptCondition_TakesThePortItEvaluatesTo(string code, string port)
    {
        var instance = await RunAsync(DecisionOn(code));

        (await Host.RouteAsync(instance.Id)).ShouldContain($"decide:{port}");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task FlowDecision_WithAJavaScriptConditionOnAVariable_ReadsTheVariable()
    {
        var instance = await RunAsync(DecisionOn("variables.approved === true"));

        (await Host.RouteAsync(instance.Id)).ShouldContain("decide:True");
    }

    [Fact]
    public async Task FlowSwitch_WithJavaScriptConditions_MatchesTheFirstThatHolds()
    {
        var flow = new FlowchartBuilder("js-switch")
            .Start().Switch("switch", "MatchFirst", In.Case("A", "JavaScript", "2 > 3"), In.Case("B", "JavaScript", "2 < 3"))
            .WriteLine("a", "a").WriteLine("b", "b").WriteLine("other", "other")
            .Connect("start", "switch").Connect("switch", "a", "A").Connect("switch", "b", "B").Connect("switch", "other", "Default");

        var instance = await RunAsync(flow);

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "switch:B", "b:Done"]);
    }

    [Fact]
    public async Task Delay_WithAJavaScriptSpan_CreatesATimerForThatSpan()
    {
        var instance = await RunAsync(new FlowchartBuilder("js-delay").Start().Delay("delay", In.JavaScript("'00:' + '05:00'", "TimeSpan")).Chain("start", "delay"));

        (await Host.TimersAsync(instance.Id)).Single().DueAt.ShouldBe(Host.Clock.UtcNow.AddMinutes(5));
    }

    [Theory]
    [InlineData("1 +")]
    [InlineData("while (true) {}")]
    public async Task JavaScriptThatCannotRun_RecordsAnIncidentOnTheActivity(string code)
    {
        // The validator refuses such code at publish; a version stored before that check must still fault cleanly.
        var flow = DecisionOn(code);
        await Host.StoreUnvalidatedAsync(flow.Build());
        var instance = await Host.StartAsync(flow.DefinitionId);

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);
        (await Host.IncidentsAsync(instance.Id)).Single().ActivityId.ShouldBe("decide");
    }
}
