using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Activities.Builtins;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Validation;
using CaseHub.Tests;
using static CaseHub.Tests.In;

namespace CaseHub.Workflows.Tests.Validation;

public sealed class WorkflowValidatorTests
{
    private static readonly ActivityRegistry Registry = new(new Activity[]
    {
        new StartActivity(), new EndActivity(), new FinishActivity(), new WriteLineActivity(), new SetVariableActivity(),
        new FlowDecisionActivity(), new FlowSwitchActivity(), new FlowForkActivity(), new FlowJoinActivity(),
        new DelayActivity(), new EventActivity(), new HumanTaskActivity(),
    });

    private static IReadOnlyList<ValidationIssue> Validate(FlowchartBuilder flow, JavaScriptOptions? options = null) =>
        new WorkflowValidator(Registry, options).Validate(WorkflowJson.Parse(flow.Build()));

    private static ValidationIssue SingleError(IReadOnlyList<ValidationIssue> issues) =>
        issues.Where(i => i.Severity == IssueSeverity.Error).ShouldHaveSingleItem($"Issues were: {Describe(issues)}");

    private static string Describe(IReadOnlyList<ValidationIssue> issues) =>
        string.Join(" | ", issues.Select(i => $"{i.Severity} {i.ActivityId}.{i.Field}: {i.Message}"));

    /// <summary>Start → Hello → End: valid, with nothing to warn about.</summary>
    private static FlowchartBuilder Valid() => new FlowchartBuilder()
        .Start().WriteLine("hello").End()
        .Connect("start", "hello").Connect("hello", "end");

    [Fact]
    public void Validate_ValidDefinition_HasNoIssues()
    {
        Validate(Valid()).ShouldBeEmpty();
    }

    // ---- types, ids, start ----

    [Fact]
    public void Validate_UnknownActivityType_IsAnErrorOnTheTypeField()
    {
        var flow = Valid().Activity("mystery", "Acme.Teleport").Connect("hello", "mystery");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("mystery", "type"));
        error.Message.ShouldContain("Unknown activity type 'Acme.Teleport'");
    }

    [Fact]
    public void Validate_UnknownActivityType_SkipsThePortCheck()
    {
        var flow = Valid().Activity("mystery", "Acme.Teleport").Connect("hello", "mystery").Connect("mystery", "end", "Arrived");

        SingleError(Validate(flow)).Field.ShouldBe("type");
    }

    [Fact]
    public void Validate_DuplicateActivityIds_AreAnError()
    {
        var flow = Valid().WriteLine("hello", "again");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("hello", "id"));
        error.Message.ShouldContain("ids must be unique");
    }

    [Fact]
    public void Validate_MissingStart_IsAnError()
    {
        var flow = new FlowchartBuilder().WriteLine("hello").End().Connect("hello", "end");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe((null, "type"));
        error.Message.ShouldContain("no Start activity");
    }

    [Fact]
    public void Validate_SecondStart_IsAnError()
    {
        var flow = Valid().Start("start2").Connect("start2", "hello");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("start2", "type"));
        error.Message.ShouldContain("exactly one Start");
    }

    // ---- connections ----

    [Fact]
    public void Validate_ConnectionToAMissingActivity_IsAnErrorOnItsSource()
    {
        var flow = Valid().Connect("hello", "ghost");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("hello", "connections"));
        error.Message.ShouldContain("'ghost', which does not exist");
    }

    [Fact]
    public void Validate_ConnectionFromAMissingActivity_IsAnErrorOnItsTarget()
    {
        var flow = Valid().Connect("ghost", "end");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("end", "connections"));
        error.Message.ShouldContain("'ghost', which does not exist");
    }

    [Fact]
    public void Validate_ConnectionFromAnOutcomeTheActivityDoesNotOffer_IsAnError()
    {
        var flow = Valid().Connect("hello", "end", "Maybe");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("hello", "connections"));
        error.Message.ShouldContain("'Maybe', which it does not offer; its outcomes are Done");
    }

    [Fact]
    public void Validate_ConnectionIntoAPortOtherThanIn_IsAnError()
    {
        var flow = new FlowchartBuilder().Start().End().Connect("start", "end", targetPort: "Side");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("end", "connections"));
        error.Message.ShouldContain("at the port 'Side'");
    }

    [Fact]
    public void Validate_TaskOutcomes_AreThePortsItOffers()
    {
        var flow = new FlowchartBuilder().Start()
            .Activity("review", HumanTaskActivity.Type,
                ("title", Literal("Review")), ("candidateGroup", Literal("Roads")), ("outcomes", Literal(new JsonArray("Approve", "Reject"))))
            .End("approved").End("rejected").End("done")
            .Connect("start", "review").Connect("review", "approved", "Approve").Connect("review", "rejected", "Reject")
            .Connect("review", "done", "Done");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("review", "connections"));
        error.Message.ShouldContain("'Done', which it does not offer; its outcomes are Approve, Reject");
    }

    [Fact]
    public void Validate_OutcomesComputedByJavaScript_AreNotChecked()
    {
        var flow = new FlowchartBuilder().Start()
            .Activity("review", HumanTaskActivity.Type,
                ("title", Literal("Review")), ("candidateGroup", Literal("Roads")), ("outcomes", JavaScript("['Yes', 'No']")))
            .End("yes").Connect("start", "review").Connect("review", "yes", "Yes");

        Validate(flow).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_UnreachableActivity_IsAnError()
    {
        var flow = Valid().WriteLine("island").Connect("island", "end");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("island", "connections"));
        error.Message.ShouldContain("cannot be reached from the Start activity");
    }

    [Fact]
    public void Validate_LegacyFlatConnections_AreFollowed()
    {
        var json = JsonNode.Parse(Valid().Build())!;
        json["root"]!["connections"] = new JsonArray(
            new JsonObject { ["source"] = "start", ["sourcePort"] = "Done", ["target"] = "hello", ["targetPort"] = "In" },
            new JsonObject { ["source"] = "hello", ["sourcePort"] = "Done", ["target"] = "end", ["targetPort"] = "In" });

        new WorkflowValidator(Registry).Validate(WorkflowJson.Parse(json.ToJsonString())).ShouldBeEmpty();
    }

    // ---- required inputs ----

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Validate_RequiredInputLeftEmpty_IsAnErrorOnThatInput(string? text)
    {
        var flow = new FlowchartBuilder().Start().Activity("hello", "Elsa.WriteLine", ("text", Literal(text))).End()
            .Connect("start", "hello").Connect("hello", "end");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("hello", "text"));
        error.Message.ShouldContain("'Text' is required");
    }

    [Fact]
    public void Validate_RequiredInputMissingAltogether_IsAnError()
    {
        var flow = new FlowchartBuilder().Start().Activity("wait", "Elsa.Delay").End()
            .Connect("start", "wait").Connect("wait", "end");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("wait", "timeSpan"));
    }

    [Fact]
    public void Validate_SetVariableWithoutAVariable_IsAnError()
    {
        var flow = new FlowchartBuilder().Start()
            .Activity("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "", ["name"] = "" }), ("value", Literal(1)))
            .End().Connect("start", "set").Connect("set", "end");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("set", "variable"));
    }

    [Fact]
    public void Validate_SetVariableWithAVariable_IsValid()
    {
        var flow = new FlowchartBuilder().Variable("level").Start()
            .Activity("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "level", ["name"] = "level" }), ("value", Literal(1)))
            .End().Connect("start", "set").Connect("set", "end");

        Validate(flow).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_SwitchWithoutCases_IsAnError()
    {
        var flow = new FlowchartBuilder().Start().Activity("route", "Elsa.FlowSwitch", ("cases", new JsonArray())).End()
            .Connect("start", "route").Connect("route", "end", "Default");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("route", "cases"));
    }

    [Fact]
    public void Validate_SwitchCaseWithoutCondition_IsAnErrorOnThatCase()
    {
        var flow = Switch(Case("Urgent", "c.priority > 2"), Case("Later", "  "));

        var error = SingleError(Validate(flow, new JavaScriptOptions { GlobalNames = ["c"] }));

        (error.ActivityId, error.Field).ShouldBe(("route", "cases[Later].condition"));
        error.Message.ShouldContain("has no condition");
    }

    [Fact]
    public void Validate_SwitchCaseWithoutLabel_IsAnErrorOnThatCase()
    {
        var flow = Switch(Case("Urgent", "true"), Case("", "false"));

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("route", "cases[1].label"));
    }

    // ---- expressions ----

    [Fact]
    public void Validate_JavaScriptThatDoesNotParse_IsAnErrorOnThatInput()
    {
        var flow = Decision("variables.level >");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("decide", "condition"));
        error.Message.ShouldContain("Syntax error");
    }

    [Fact]
    public void Validate_JavaScriptOutsideTheAllowList_IsAnErrorOnThatInput()
    {
        var flow = Decision("new Array(1e8).join() == ''");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("decide", "condition"));
        error.Message.ShouldContain("'new' is not allowed");
    }

    [Fact]
    public void Validate_SwitchCaseConditionOutsideTheAllowList_IsAnErrorOnThatCase()
    {
        var flow = Switch(Case("Urgent", "while (true) {}"));

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("route", "cases[Urgent].condition"));
        error.Message.ShouldContain("Loops are not allowed");
    }

    [Fact]
    public void Validate_HostGlobal_IsAcceptedOnlyWhenConfigured()
    {
        var flow = Decision("c.priority > 2");

        SingleError(Validate(flow)).Message.ShouldContain("'c' is not a name expressions can use");
        Validate(flow, new JavaScriptOptions { GlobalNames = ["c"] }).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_ObjectExpressionThatIsNotJson_IsAnError()
    {
        var flow = new FlowchartBuilder().Start()
            .Activity("publish", "Elsa.PublishEvent", ("eventName", Literal("Closed")), ("payload", Expression(InputExpression.Object, "{oops")))
            .End().Connect("start", "publish").Connect("publish", "end");
        var registry = new ActivityRegistry([new StartActivity(), new EndActivity(), new PublishEventActivity()]);

        var error = new WorkflowValidator(registry).Validate(WorkflowJson.Parse(flow.Build())).ShouldHaveSingleItem();

        (error.Severity, error.ActivityId, error.Field).ShouldBe((IssueSeverity.Error, "publish", "payload"));
        error.Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void Validate_UnknownExpressionType_IsAnError()
    {
        var flow = new FlowchartBuilder().Start().Activity("hello", "Elsa.WriteLine", ("text", Expression("Liquid", "{{ x }}"))).End()
            .Connect("start", "hello").Connect("hello", "end");

        var error = SingleError(Validate(flow));

        (error.ActivityId, error.Field).ShouldBe(("hello", "text"));
        error.Message.ShouldContain("Unknown expression type 'Liquid'");
    }

    [Fact]
    public void Validate_VariableThatNobodyDeclaresOrSets_IsAWarning()
    {
        var flow = new FlowchartBuilder().Start().Activity("hello", "Elsa.WriteLine", ("text", Expression(InputExpression.Variable, "nope"))).End()
            .Connect("start", "hello").Connect("hello", "end");

        var issue = Validate(flow).ShouldHaveSingleItem();

        (issue.Severity, issue.ActivityId, issue.Field).ShouldBe((IssueSeverity.Warning, "hello", "text"));
    }

    // ---- unconnected outcomes ----

    [Fact]
    public void Validate_UnconnectedOutcome_IsAWarningNotAnError()
    {
        var flow = new FlowchartBuilder().Start().Activity("decide", "Elsa.FlowDecision", ("condition", JavaScript("true"))).End()
            .Connect("start", "decide").Connect("decide", "end", "True");

        var issue = Validate(flow).ShouldHaveSingleItem();

        (issue.Severity, issue.ActivityId, issue.Field).ShouldBe((IssueSeverity.Warning, "decide", "connections"));
        issue.Message.ShouldContain("'False' is not connected");
    }

    [Fact]
    public void Validate_UnconnectedSwitchCase_IsAWarningButDefaultIsNot()
    {
        var flow = new FlowchartBuilder().Start()
            .Activity("route", "Elsa.FlowSwitch", ("cases", new JsonArray(Case("A", "true"), Case("B", "false"))))
            .End().Connect("start", "route").Connect("route", "end", "A");

        var issue = Validate(flow).ShouldHaveSingleItem();

        issue.Severity.ShouldBe(IssueSeverity.Warning);
        issue.Message.ShouldContain("'B' is not connected");
    }

    [Fact]
    public void Validate_TerminalActivities_AreNotAskedForOutcomes()
    {
        var flow = new FlowchartBuilder().Start().Activity("finish", "Elsa.Finish").Connect("start", "finish");

        Validate(flow).ShouldBeEmpty();
    }

    private static FlowchartBuilder Decision(string code) => new FlowchartBuilder().Start()
        .Activity("decide", "Elsa.FlowDecision", ("condition", JavaScript(code))).End("yes").End("no")
        .Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False");

    private static FlowchartBuilder Switch(params JsonObject[] cases)
    {
        var flow = new FlowchartBuilder().Start().Activity("route", "Elsa.FlowSwitch", ("cases", new JsonArray(cases))).End()
            .Connect("start", "route").Connect("route", "end", "Default");
        foreach (var label in cases.Select(c => (string?)c["label"]).Where(l => !string.IsNullOrEmpty(l)).Distinct())
            flow.Connect("route", "end", label!);
        return flow;
    }
}
