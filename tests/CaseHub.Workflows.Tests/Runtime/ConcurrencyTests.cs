using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>Two users acting on the same task: one wins, the other gets a concurrency conflict.</summary>
public sealed class ConcurrencyTests : EngineTest
{
    private static FlowchartBuilder Review() => new FlowchartBuilder("review")
        .Start().HumanTask("review", "queue", "Approve", "Reject").WriteLine("approved", "approved").WriteLine("rejected", "rejected")
        .Connect("start", "review").Connect("review", "approved", "Approve").Connect("review", "rejected", "Reject");

    [Fact]
    public async Task TwoContextsCompletingTheSameTask_TheSecondSaveThrowsDbUpdateConcurrencyException()
    {
        var instance = await RunAsync(Review());
        var taskId = (await Host.TasksAsync(instance.Id)).Single().Id;
        await using var first = Host.Scope();
        await using var second = Host.Scope();

        await first.ServiceProvider.GetRequiredService<HumanTaskService>().CompleteAsync(taskId, "Approve", null, "wang", default);
        await second.ServiceProvider.GetRequiredService<HumanTaskService>().CompleteAsync(taskId, "Reject", null, "li", default);
        await first.ServiceProvider.GetRequiredService<DbContext>().SaveChangesAsync();

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.ServiceProvider.GetRequiredService<DbContext>().SaveChangesAsync());

        var task = (await Host.TasksAsync(instance.Id)).Single();
        task.Outcome.ShouldBe("Approve");
        task.CompletedBy.ShouldBe("wang");
        (await Host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "review:resumed:Approve", "approved:Done"]);
    }

    [Fact]
    public async Task TwoContextsClaimingTheSameTask_TheSecondSaveThrowsDbUpdateConcurrencyException()
    {
        var instance = await RunAsync(Review());
        var taskId = (await Host.TasksAsync(instance.Id)).Single().Id;
        await using var first = Host.Scope();
        await using var second = Host.Scope();

        await first.ServiceProvider.GetRequiredService<HumanTaskService>().ClaimAsync(taskId, "wang", default);
        await second.ServiceProvider.GetRequiredService<HumanTaskService>().ClaimAsync(taskId, "li", default);
        await first.ServiceProvider.GetRequiredService<DbContext>().SaveChangesAsync();

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.ServiceProvider.GetRequiredService<DbContext>().SaveChangesAsync());
        (await Host.TasksAsync(instance.Id)).Single().Assignee.ShouldBe("wang");
    }

    [Fact]
    public async Task EverySaveOfATaskOrInstance_BumpsItsRowVersion()
    {
        var instance = await RunAsync(Review());
        var before = (await Host.TasksAsync(instance.Id)).Single();
        var instanceBefore = await Host.InstanceAsync(instance.Id);

        await Host.InScopeAsync(sp => sp.GetRequiredService<HumanTaskService>().ClaimAsync(before.Id, "wang", default));
        await Host.CompleteTaskAsync(before.Id, "Approve", "wang");

        (await Host.TasksAsync(instance.Id)).Single().RowVersion.ShouldBe(before.RowVersion + 2);
        (await Host.InstanceAsync(instance.Id)).RowVersion.ShouldBe(instanceBefore.RowVersion + 1);
    }
}
