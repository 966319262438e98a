using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Scenarios;

/// <summary>Runs Workflows/Scenarios/case-escalation.json: a fork whose timer branch escalates, joined by WaitAny.</summary>
public sealed class CaseEscalationTests : EngineTest
{
    private async Task<WorkflowInstance> StartAsync()
    {
        await Host.PublishFileAsync("Scenarios/case-escalation.json");
        return await Host.StartAsync("case-escalation", correlationId: "C-100");
    }

    [Fact]
    public async Task HandledInTime_ClosesTheCase_AndCancelsTheEscalationTimer()
    {
        var instance = await StartAsync();
        (await Host.TimersAsync(instance.Id)).Single().DueAt.ShouldBe(Host.Clock.UtcNow.AddDays(2));

        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.CompleteOpenTaskAsync(instance.Id, "handle", "Done", "dept-user");

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "fork:handle,watch", "handle:resumed:Done", "join:Done", "close:Done", "finish"]);
        (await Host.PathAsync(instance.Id)).ShouldContain("yellowDelay:cancelled");
        (await Host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await Host.AdvanceAsync(TimeSpan.FromDays(5))).ShouldBe(0);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }

    [Fact]
    public async Task NotHandled_GetsAYellowThenARedCard_AndTheSupervisorsEscalationCancelsTheDepartmentsTask()
    {
        var instance = await StartAsync();

        (await Host.AdvanceAsync(TimeSpan.FromDays(2))).ShouldBe(1);
        (await Host.PathAsync(instance.Id)).ShouldContain("yellowCard:log:黄牌警告");
        (await Host.TimersAsync(instance.Id)).Single().DueAt.ShouldBe(Host.Clock.UtcNow.AddDays(1));

        (await Host.AdvanceAsync(TimeSpan.FromDays(1))).ShouldBe(1);
        (await Host.PathAsync(instance.Id)).ShouldContain("redCard:log:红牌督办");
        var supervise = await Host.OpenTaskAsync(instance.Id, "supervise");
        supervise.CandidateGroup.ShouldBe("supervisors");
        (await Host.OpenTaskAsync(instance.Id, "handle")).DueAt.ShouldBe(FakeTimeProvider.DefaultStart.AddDays(3));

        await Host.CompleteTaskAsync(supervise.Id, "Escalated", "supervisor");

        (await Host.RouteAsync(instance.Id)).ShouldBe([
            "start:Done", "fork:handle,watch", "yellowDelay:resumed:Done", "yellowCard:Done", "redDelay:resumed:Done", "redCard:Done",
            "supervise:resumed:Escalated", "join:Done", "close:Done", "finish"]);
        (await Host.TasksAsync(instance.Id)).Single(t => t.ActivityId == "handle").Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }
}
