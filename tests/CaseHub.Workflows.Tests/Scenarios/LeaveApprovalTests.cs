using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;

namespace CaseHub.Workflows.Tests.Scenarios;

/// <summary>Runs Workflows/Scenarios/leave-approval.json.</summary>
public sealed class LeaveApprovalTests : EngineTest
{
    private async Task<WorkflowInstance> StartAsync()
    {
        await Host.PublishFileAsync("Scenarios/leave-approval.json");
        return await Host.StartAsync("leave-approval", correlationId: "leave-1", actor: "employee");
    }

    [Fact]
    public async Task ApprovedAfterMoreInformation_IsRecordedByHrAndFinishes()
    {
        var instance = await StartAsync();
        var review = await Host.OpenTaskAsync(instance.Id, "managerReview");
        review.CandidateGroup.ShouldBe("managers");
        review.Title.ShouldBe("审批请假");
        review.DueAt.ShouldBe(Host.Clock.UtcNow.AddDays(2));
        (await Host.VariablesAsync(instance.Id))["status"]!.GetValue<string>().ShouldBe("submitted");

        await Host.CompleteTaskAsync(review.Id, "MoreInfo", "manager");
        await Host.CompleteOpenTaskAsync(instance.Id, "amend", "Resubmit", "employee");
        await Host.CompleteOpenTaskAsync(instance.Id, "managerReview", "Approve", "manager");
        (await Host.OpenTaskAsync(instance.Id, "hrRecord")).CandidateGroup.ShouldBe("hr");
        await Host.CompleteOpenTaskAsync(instance.Id, "hrRecord", "Recorded", "hr");

        (await Host.RouteAsync(instance.Id)).ShouldBe([
            "start:Done", "submitted:Done",
            "managerReview:resumed:MoreInfo", "amend:resumed:Resubmit",
            "managerReview:resumed:Approve", "markApproved:Done", "decide:True",
            "hrRecord:resumed:Recorded", "notifyApproved:Done", "end"]);
        (await Host.PathAsync(instance.Id)).ShouldContain("notifyApproved:log:请假已批准");
        (await Host.VariablesAsync(instance.Id))["approved"]!.GetValue<bool>().ShouldBeTrue();
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
        (await Host.TasksAsync(instance.Id)).ShouldAllBe(t => t.Status == HumanTaskStatus.Completed && t.CorrelationId == "leave-1");
    }

    [Fact]
    public async Task Rejected_NotifiesTheEmployeeWithoutAnHrTask()
    {
        var instance = await StartAsync();

        await Host.CompleteOpenTaskAsync(instance.Id, "managerReview", "Reject", "manager");

        (await Host.RouteAsync(instance.Id)).ShouldBe([
            "start:Done", "submitted:Done", "managerReview:resumed:Reject", "markRejected:Done", "decide:False", "notifyRejected:Done", "end"]);
        (await Host.TasksAsync(instance.Id)).ShouldNotContain(t => t.ActivityId == "hrRecord");
        (await Host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }
}
