using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Tests;
using CaseHub.Workflows.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>The workflow's rows commit with the caller's domain change, or not at all.</summary>
public sealed class AtomicityTests : EngineTest
{
    private static FlowchartBuilder Intake() => new FlowchartBuilder("intake")
        .Start().WriteLine("log", "received").Fork("fork", "work", "clock").HumanTask("accept", "dept").Delay("deadline", "1.00:00:00").Event("wait", "citizen.replied")
        .Connect("start", "log").Connect("log", "fork").Connect("fork", "accept", "work").Connect("fork", "deadline", "clock").Connect("accept", "wait");

    [Fact]
    public async Task Start_WithTheDomainChange_CommitsEverythingInOneSave()
    {
        await Host.PublishAsync(Intake());

        var instance = await Host.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TestWorkflowDbContext>().Cases.Add(new TestCase { Id = Guid.NewGuid(), Number = "C-1" });
            return await sp.GetRequiredService<WorkflowRuntime>().StartAsync("intake", correlationId: "C-1");
        });

        var counts = await Host.RowCountsAsync();
        counts["cases"].ShouldBe(1);
        counts["instances"].ShouldBe(1);
        counts["tasks"].ShouldBe(1);
        counts["timers"].ShouldBe(1);
        (await Host.JournalAsync(instance.Id)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Start_WhenTheRequestFailsBeforeSaving_PersistsNothing()
    {
        await Host.PublishAsync(Intake());
        var before = await Host.RowCountsAsync();

        await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using var scope = Host.Scope();
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<TestWorkflowDbContext>().Cases.Add(new TestCase { Id = Guid.NewGuid(), Number = "C-1" });
            await sp.GetRequiredService<WorkflowRuntime>().StartAsync("intake");
            throw new InvalidOperationException("The request failed after starting the workflow.");
        });

        (await Host.RowCountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Start_WhenSaveChangesFails_PersistsNoInstanceTaskTimerOrJournal()
    {
        await Host.PublishAsync(Intake());
        await Host.InScopeAsync(sp =>
        {
            sp.GetRequiredService<TestWorkflowDbContext>().Cases.Add(new TestCase { Id = Guid.NewGuid(), Number = "C-1" });
            return Task.CompletedTask;
        });
        var before = await Host.RowCountsAsync();

        await Should.ThrowAsync<DbUpdateException>(() => Host.InScopeAsync(async sp =>
        {
            // The same case number again violates a unique index when the caller saves.
            sp.GetRequiredService<TestWorkflowDbContext>().Cases.Add(new TestCase { Id = Guid.NewGuid(), Number = "C-1" });
            return await sp.GetRequiredService<WorkflowRuntime>().StartAsync("intake");
        }));

        var after = await Host.RowCountsAsync();
        after.ShouldBe(before);
        after["instances"].ShouldBe(0);
        after["journal"].ShouldBe(0);
    }

    [Fact]
    public async Task CompleteTask_WhenSaveChangesFails_LeavesTheTaskOpenAndTheInstanceWhereItWas()
    {
        var instance = await RunAsync(Intake());
        var task = await Host.OpenTaskAsync(instance.Id, "accept");
        var stateBefore = (await Host.InstanceAsync(instance.Id)).StateJson;
        var before = await Host.RowCountsAsync();

        await Should.ThrowAsync<DbUpdateException>(() => Host.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TestWorkflowDbContext>().Cases.AddRange(
                new TestCase { Id = Guid.NewGuid(), Number = "dup" }, new TestCase { Id = Guid.NewGuid(), Number = "dup" });
            return await sp.GetRequiredService<HumanTaskService>().CompleteAsync(task.Id, "Done", null, "alice", default);
        }));

        (await Host.RowCountsAsync()).ShouldBe(before);
        (await Host.OpenTaskAsync(instance.Id, "accept")).Status.ShouldBe(HumanTaskStatus.Open);
        (await Host.BookmarksAsync(instance.Id)).ShouldBeEmpty();
        (await Host.InstanceAsync(instance.Id)).StateJson.ShouldBe(stateBefore);

        await Host.CompleteTaskAsync(task.Id, "Done");
        (await Host.BookmarksAsync(instance.Id)).Single().EventName.ShouldBe("citizen.replied");
    }

    [Fact]
    public async Task TimerFiring_WhoseCommitFails_IsRolledBackAndTriedAgainLater()
    {
        await using var host = await WorkflowTestHost.CreateAsync(services => services.AddActivity<AddCaseActivity>());
        var flow = new FlowchartBuilder("timer-rollback").Start().Delay("delay", "00:10:00")
            .Activity("register", AddCaseActivity.Type, ("number", In.Literal("C-7"))).WriteLine("after", "x").Chain("start", "delay", "register", "after");
        await host.PublishAsync(flow);
        var instance = await host.StartAsync("timer-rollback");
        var blocker = new TestCase { Id = Guid.NewGuid(), Number = "C-7" };
        await host.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<TestWorkflowDbContext>().Cases.Add(blocker)));

        // The resumed run adds a case whose number already exists, so the timer's transaction cannot commit.
        (await host.AdvanceAsync(TimeSpan.FromMinutes(10))).ShouldBe(0);

        var timer = (await host.TimersAsync(instance.Id)).Single();
        timer.Attempts.ShouldBe(1);
        timer.LastError.ShouldNotBeNullOrWhiteSpace();
        timer.DueAt.ShouldBeGreaterThan(host.Clock.UtcNow);
        (await host.PathAsync(instance.Id)).ShouldBe(["start:Done", "delay:waiting"]);
        (await host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Suspended);

        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TestWorkflowDbContext>();
            db.Cases.Remove(await db.Cases.SingleAsync(c => c.Id == blocker.Id));
        });
        (await host.AdvanceAsync(TimeSpan.FromMinutes(1))).ShouldBe(1);

        (await host.TimersAsync(instance.Id)).ShouldBeEmpty();
        (await host.RouteAsync(instance.Id)).ShouldBe(["start:Done", "delay:resumed:Done", "register:Done", "after:Done"]);
        (await host.InstanceAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Finished);
    }
}
