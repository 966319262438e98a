using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Runtime;

public sealed class IncidentTests : EngineTest
{
    private static FlowchartBuilder DelayFromVariable(string wait) => new FlowchartBuilder("bad-delay")
        .Variable("wait", wait, "TimeSpan")
        .Start().Delay("delay", In.Variable("wait", "TimeSpan")).WriteLine("after", "after").Chain("start", "delay", "after");

    [Fact]
    public async Task ActivityFault_RecordsAnIncident_AndFaultsTheInstance()
    {
        var instance = await RunAsync(DelayFromVariable("soon"));

        var saved = await Host.InstanceAsync(instance.Id);
        saved.Status.ShouldBe(WorkflowStatus.Faulted);
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();
        incident.ActivityId.ShouldBe("delay");
        incident.ActivityType.ShouldBe("Elsa.Delay");
        incident.Message.ShouldContain("timeSpan");
        incident.Message.ShouldContain("soon");
        incident.ResolvedAt.ShouldBeNull();
        incident.CreatedAt.ShouldBe(Host.Clock.UtcNow);
        (await Host.PathAsync(instance.Id)).ShouldBe(["start:Done", "delay:faulted"]);
        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Retry_AfterTheInputIsFixed_ContinuesFromTheFaultedActivity()
    {
        var instance = await RunAsync(DelayFromVariable("soon"));
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();
        Host.Clock.Advance(TimeSpan.FromMinutes(1));

        await Host.RetryAsync(instance.Id, incident.Id, variables => variables["wait"] = "00:05:00");

        var resolved = (await Host.IncidentsAsync(instance.Id)).Single();
        resolved.ResolvedAt.ShouldBe(Host.Clock.UtcNow);
        resolved.ResolvedBy.ShouldBe("admin");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        (await Host.TimersAsync(instance.Id)).Single().DueAt.ShouldBe(Host.Clock.UtcNow.AddMinutes(5));

        (await Host.AdvanceAsync(TimeSpan.FromMinutes(5))).ShouldBe(1);
        (await Host.PathAsync(instance.Id)).ShouldBe(["start:Done", "delay:faulted", "delay:waiting", "delay:resumed:Done", "after:log:after", "after:Done"]);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task Retry_WithoutAFix_RecordsANewIncident_AndStaysFaulted()
    {
        var instance = await RunAsync(DelayFromVariable("soon"));
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();

        await Host.RetryAsync(instance.Id, incident.Id);

        var incidents = await Host.IncidentsAsync(instance.Id);
        incidents.Count.ShouldBe(2);
        incidents.Count(i => i.ResolvedAt is null).ShouldBe(1);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);
    }

    [Fact]
    public async Task Retry_OfAnIncidentAlreadyRetried_ThrowsInvalidState()
    {
        var instance = await RunAsync(DelayFromVariable("soon"));
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();
        await Host.RetryAsync(instance.Id, incident.Id, variables => variables["wait"] = "00:05:00");

        await Should.ThrowAsync<InvalidStateException>(() => Host.RetryAsync(instance.Id, incident.Id));
        (await Host.TimersAsync(instance.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Fault_InOneBranch_LeavesTheOtherBranchWorking_ButTheInstanceFaulted()
    {
        var flow = new FlowchartBuilder("fault-branch").Variable("wait", "soon", "TimeSpan")
            .Start().Fork("fork", "bad", "good").Delay("delay", In.Variable("wait", "TimeSpan")).HumanTask("task", "queue").WriteLine("after", "after")
            .Connect("start", "fork").Connect("fork", "delay", "bad").Connect("fork", "task", "good").Connect("task", "after");
        var instance = await RunAsync(flow);

        await Host.CompleteOpenTaskAsync(instance.Id, "task", "Done");

        (await Host.RouteAsync(instance.Id)).ShouldContain("after:Done");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();
        await Host.RetryAsync(instance.Id, incident.Id, variables => variables["wait"] = "00:00:00");
        (await Host.AdvanceAsync(TimeSpan.Zero)).ShouldBe(1);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task ConnectionToAMissingActivity_RecordsAnIncident()
    {
        var flow = new FlowchartBuilder("dangling").Start().WriteLine("log", "x").Chain("start", "log").Connect("log", "ghost");
        await Host.StoreUnvalidatedAsync(flow.Build());

        var instance = await Host.StartAsync("dangling");

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();
        incident.ActivityId.ShouldBe("ghost");
        incident.Message.ShouldContain("ghost");
        (await Host.PathAsync(instance.Id)).ShouldBe(["start:Done", "log:log:x", "log:Done", "ghost:faulted"]);
    }

    [Fact]
    public async Task UnknownActivityTypeAtRunTime_RecordsAnIncidentNamingTheType()
    {
        var flow = new FlowchartBuilder("unknown-type").Start().Activity("sms", "Acme.Messaging.SendSms").WriteLine("after", "x")
            .Chain("start", "sms", "after");
        await Host.StoreUnvalidatedAsync(flow.Build());

        var instance = await Host.StartAsync("unknown-type");

        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Faulted);
        var incident = (await Host.IncidentsAsync(instance.Id)).Single();
        incident.ActivityId.ShouldBe("sms");
        incident.ActivityType.ShouldBe("Acme.Messaging.SendSms");
        incident.Message.ShouldContain("Acme.Messaging.SendSms");
        (await Host.RouteAsync(instance.Id)).ShouldNotContain("after:Done");
    }

    [Fact]
    public async Task UnknownActivityType_IsRejectedWhenPublishing()
    {
        var flow = new FlowchartBuilder("unknown-publish").Start().Activity("sms", "Acme.Messaging.SendSms").Chain("start", "sms");

        var error = await Should.ThrowAsync<CaseHub.Workflows.Definitions.WorkflowValidationException>(() => Host.PublishAsync(flow));

        error.Issues.ShouldContain(i => i.ActivityId == "sms" && i.Field == "type");
        (await Host.RowCountsAsync())["definitions"].ShouldBe(0);
    }
}
