using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Scenarios;

/// <summary>Runs Workflows/Scenarios/citizen-callback.json: events with correlation ids raced against a timeout.</summary>
public sealed class CitizenCallbackTests : EngineTest
{
    private const string CaseNumber = "C-2025-0001";

    private async Task<WorkflowInstance> StartAsync()
    {
        await Host.PublishFileAsync("Scenarios/citizen-callback.json");
        return await Host.StartAsync("citizen-callback", correlationId: CaseNumber);
    }

    [Fact]
    public async Task SatisfiedCitizen_ClosesTheCase_AndRemovesTheOtherWaits()
    {
        var instance = await StartAsync();
        (await Host.BookmarksAsync(instance.Id)).Select(b => (b.EventName, b.CorrelationId))
            .ShouldBe([("citizen.satisfied", CaseNumber), ("citizen.unsatisfied", CaseNumber)], ignoreOrder: true);

        (await Host.PublishEventAsync("citizen.satisfied", "C-2025-0002")).ShouldBe(0);
        (await Host.PublishEventAsync("citizen.satisfied", CaseNumber)).ShouldBe(1);

        (await Host.RouteAsync(instance.Id)).ShouldBe([
            "start:Done", "askCitizen:Done", "fork:satisfied,unsatisfied,silent", "satisfied:resumed:Done", "join:Done", "closed:Done", "end"]);
        (await Host.BookmarksAsync(instance.Id)).ShouldBeEmpty();
        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task UnsatisfiedCitizen_ReopensTheCase_UntilTheDepartmentFixesIt()
    {
        var instance = await StartAsync();

        (await Host.PublishEventAsync("citizen.unsatisfied", CaseNumber)).ShouldBe(1);
        var reopen = await Host.OpenTaskAsync(instance.Id, "reopen");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);
        await Host.CompleteTaskAsync(reopen.Id, "Fixed", "dept-user");

        (await Host.RouteAsync(instance.Id)).TakeLast(5).ShouldBe(["unsatisfied:resumed:Done", "reopen:resumed:Fixed", "join:Done", "closed:Done", "end"]);
        (await Host.BookmarksAsync(instance.Id)).ShouldBeEmpty();
        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task SilentCitizen_IsClosedAutomaticallyAfterThreeDays()
    {
        var instance = await StartAsync();

        (await Host.AdvanceAsync(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1))).ShouldBe(0);
        (await Host.AdvanceAsync(TimeSpan.FromSeconds(1))).ShouldBe(1);

        (await Host.RouteAsync(instance.Id)).TakeLast(5).ShouldBe(["timeout:resumed:Done", "autoClose:Done", "join:Done", "closed:Done", "end"]);
        (await Host.PathAsync(instance.Id)).ShouldContain("autoClose:log:三日未回复，自动结案");
        (await Host.BookmarksAsync(instance.Id)).ShouldBeEmpty();
        (await Host.PublishEventAsync("citizen.satisfied", CaseNumber)).ShouldBe(0);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }
}
