using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Activities;

public sealed class HumanTaskTests : EngineTest
{
    private static FlowchartBuilder Review() => new FlowchartBuilder("review")
        .Start()
        .HumanTask("review", "dept-roads", ["Approve", "Reject"],
            ("assignee", In.Literal("wang")), ("priority", In.Literal("2", "Int32")), ("dueIn", In.Literal("2.00:00:00", "TimeSpan")))
        .WriteLine("approved", "approved").WriteLine("rejected", "rejected")
        .Connect("start", "review").Connect("review", "approved", "Approve").Connect("review", "rejected", "Reject");

    private Task<T> Tasks<T>(Func<HumanTaskService, Task<T>> action) =>
        Host.InScopeAsync(sp => action(sp.GetRequiredService<HumanTaskService>()));

    [Fact]
    public async Task HumanTask_CreatesAnOpenTaskRowFromItsInputs()
    {
        var instance = await RunAsync(Review(), correlationId: "case-42");

        var task = (await Host.TasksAsync(instance.Id)).Single();
        task.Status.ShouldBe(HumanTaskStatus.Open);
        task.Title.ShouldBe("Task review");
        task.CandidateGroup.ShouldBe("dept-roads");
        task.Assignee.ShouldBe("wang");
        task.Priority.ShouldBe(2);
        task.DueAt.ShouldBe(Host.Clock.UtcNow.AddDays(2));
        JsonSerializer.Deserialize<string[]>(task.OutcomesJson).ShouldBe(["Approve", "Reject"]);
        task.ActivityId.ShouldBe("review");
        task.ActivityType.ShouldBe("CaseHub.HumanTask");
        task.CorrelationId.ShouldBe("case-42");
        task.CreatedAt.ShouldBe(Host.Clock.UtcNow);
        (await Host.PathAsync(instance.Id)).ShouldBe(["start:Done", "review:waiting"]);
    }

    [Fact]
    public async Task HumanTask_WithoutOutcomesOrPriority_OffersDoneAtNormalPriority()
    {
        var instance = await RunAsync(new FlowchartBuilder("plain").Start()
            .Activity("task", "CaseHub.HumanTask", ("candidateGroup", In.Literal("q"))).Chain("start", "task"));

        var task = (await Host.TasksAsync(instance.Id)).Single();
        JsonSerializer.Deserialize<string[]>(task.OutcomesJson).ShouldBe(["Done"]);
        task.Priority.ShouldBe(1);
        task.Title.ShouldBe("task");
        task.DueAt.ShouldBeNull();
    }

    [Theory]
    [InlineData("Approve", "approved:Done")]
    [InlineData("Reject", "rejected:Done")]
    public async Task Complete_TakesThePortNamedByTheOutcome(string outcome, string next)
    {
        var instance = await RunAsync(Review());
        var task = (await Host.TasksAsync(instance.Id)).Single();
        Host.Clock.Advance(TimeSpan.FromHours(1));

        await Host.CompleteTaskAsync(task.Id, outcome, "wang", new JsonObject { ["comment"] = "ok" });

        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", $"review:resumed:{outcome}", next]);
        var completed = (await Host.TasksAsync(instance.Id)).Single();
        completed.Status.ShouldBe(HumanTaskStatus.Completed);
        completed.Outcome.ShouldBe(outcome);
        completed.CompletedBy.ShouldBe("wang");
        completed.CompletedAt.ShouldBe(Host.Clock.UtcNow);
        JsonNode.Parse(completed.FormDataJson!).ShouldBeSemanticallyEqualTo(new JsonObject { ["comment"] = "ok" });
        (await Host.JournalAsync(instance.Id)).Single(j => j.Event == JournalEvent.Resumed).Actor.ShouldBe("wang");
        var output = InstanceState.Read((await Host.InstanceAsync(instance.Id)).StateJson).Outputs["review"]!;
        output["outcome"]!.GetValue<string>().ShouldBe(outcome);
        output["completedBy"]!.GetValue<string>().ShouldBe("wang");
    }

    [Fact]
    public async Task Complete_WithAnOutcomeThatIsNotAllowed_ThrowsInvalidRequest_AndChangesNothing()
    {
        var instance = await RunAsync(Review());
        var task = (await Host.TasksAsync(instance.Id)).Single();

        var error = await Should.ThrowAsync<InvalidRequestException>(() => Host.CompleteTaskAsync(task.Id, "Maybe", "wang"));

        error.Field.ShouldBe("outcome");
        error.Message.ShouldContain("Approve");
        (await Host.TasksAsync(instance.Id)).Single().Status.ShouldBe(HumanTaskStatus.Open);
        (await Host.PathAsync(instance.Id)).ShouldBe(["start:Done", "review:waiting"]);
    }

    [Fact]
    public async Task Complete_ATaskThatIsAlreadyCompleted_ThrowsInvalidState()
    {
        var instance = await RunAsync(Review());
        var task = (await Host.TasksAsync(instance.Id)).Single();
        await Host.CompleteTaskAsync(task.Id, "Approve", "wang");

        await Should.ThrowAsync<InvalidStateException>(() => Host.CompleteTaskAsync(task.Id, "Reject", "wang"));
        (await Host.RouteAsync(instance.Id)).ShouldNotContain("rejected:Done");
    }

    [Fact]
    public async Task Complete_ByAnotherUserThanTheClaimant_ThrowsConflict()
    {
        var instance = await RunAsync(Review());
        var task = (await Host.TasksAsync(instance.Id)).Single();

        await Should.ThrowAsync<ConflictException>(() => Host.CompleteTaskAsync(task.Id, "Approve", "li"));
        (await Host.TasksAsync(instance.Id)).Single().Status.ShouldBe(HumanTaskStatus.Open);
    }

    [Fact]
    public async Task Complete_AnUnknownTask_ThrowsNotFound()
    {
        await Should.ThrowAsync<NotFoundException>(() => Host.CompleteTaskAsync(Guid.NewGuid(), "Done"));
    }

    [Fact]
    public async Task Claim_SetsTheAssignee_AndAClaimHeldByAnotherThrowsConflict()
    {
        var instance = await RunAsync(new FlowchartBuilder("claim").Start().HumanTask("task", "queue").Chain("start", "task"));
        var taskId = (await Host.TasksAsync(instance.Id)).Single().Id;
        Host.Clock.Advance(TimeSpan.FromMinutes(5));

        await Tasks(s => s.ClaimAsync(taskId, "li", default));
        var claimed = (await Host.TasksAsync(instance.Id)).Single();
        claimed.Assignee.ShouldBe("li");
        claimed.ClaimedAt.ShouldBe(Host.Clock.UtcNow);

        await Should.ThrowAsync<ConflictException>(() => Tasks(s => s.ClaimAsync(taskId, "zhao", default)));
        (await Host.TasksAsync(instance.Id)).Single().Assignee.ShouldBe("li");
        await Tasks(s => s.ClaimAsync(taskId, "li", default));
    }

    [Fact]
    public async Task Release_ByTheClaimant_ReturnsTheTaskToTheGroup()
    {
        var instance = await RunAsync(new FlowchartBuilder("release").Start().HumanTask("task", "queue").Chain("start", "task"));
        var taskId = (await Host.TasksAsync(instance.Id)).Single().Id;
        await Tasks(s => s.ClaimAsync(taskId, "li", default));

        await Should.ThrowAsync<ConflictException>(() => Tasks(s => s.ReleaseAsync(taskId, "zhao", default)));
        await Tasks(s => s.ReleaseAsync(taskId, "li", default));

        var released = (await Host.TasksAsync(instance.Id)).Single();
        released.Assignee.ShouldBeNull();
        released.ClaimedAt.ShouldBeNull();
        await Should.ThrowAsync<InvalidStateException>(() => Tasks(s => s.ReleaseAsync(taskId, "li", default)));
        await Tasks(s => s.ClaimAsync(taskId, "zhao", default));
        (await Host.TasksAsync(instance.Id)).Single().Assignee.ShouldBe("zhao");
    }

    [Fact]
    public async Task Reassign_MovesTheTaskToAnotherGroupAndAssignee()
    {
        var instance = await RunAsync(new FlowchartBuilder("reassign").Start().HumanTask("task", "queue").Chain("start", "task"));
        var taskId = (await Host.TasksAsync(instance.Id)).Single().Id;

        await Tasks(s => s.ReassignAsync(taskId, " dept-water ", "zhou", default));
        var moved = (await Host.TasksAsync(instance.Id)).Single();
        moved.CandidateGroup.ShouldBe("dept-water");
        moved.Assignee.ShouldBe("zhou");

        await Tasks(s => s.ReassignAsync(taskId, null, "", default));
        var unassigned = (await Host.TasksAsync(instance.Id)).Single();
        unassigned.CandidateGroup.ShouldBe("dept-water");
        unassigned.Assignee.ShouldBeNull();

        var error = await Should.ThrowAsync<InvalidRequestException>(() => Tasks(s => s.ReassignAsync(taskId, " ", null, default)));
        error.Field.ShouldBe("candidateGroup");
    }

    [Fact]
    public async Task ClaimOrComplete_OfACancelledTask_ThrowsInvalidState()
    {
        var instance = await RunAsync(new FlowchartBuilder("cancelled-task").Start().HumanTask("task", "queue").Chain("start", "task"));
        var taskId = (await Host.TasksAsync(instance.Id)).Single().Id;
        await Host.CancelAsync(instance.Id);

        await Should.ThrowAsync<InvalidStateException>(() => Tasks(s => s.ClaimAsync(taskId, "li", default)));
        await Should.ThrowAsync<InvalidStateException>(() => Host.CompleteTaskAsync(taskId, "Done"));
    }
}
