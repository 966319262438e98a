using CaseHub.Cases.Data;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Workflows;

/// <summary>On the real providers, a failure mid-transaction leaves no instance, task, timer or journal behind.</summary>
public abstract class AtomicityTests(DatabaseProvider provider) : AppTest(provider)
{
    private async Task<(int Instances, int Tasks, int Timers, int Journal)> CountsAsync()
    {
        await using var db = App.NewDbContext();
        return (await db.Set<WorkflowInstance>().CountAsync(), await db.Set<HumanTask>().CountAsync(),
            await db.Set<WorkflowTimer>().CountAsync(), await db.Set<WorkflowJournalEntry>().CountAsync());
    }

    [Fact]
    public async Task AFailureAfterTheEngineFlushedInsideATransaction_RollsEverythingBack()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("approval-with-timeout", correlationId: "C-1");
            await db.SaveChangesAsync(); // the engine's rows are now written, but not committed

            // The domain change that should have gone with them fails: a duplicate definition version stands in for it.
            var existing = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().FirstAsync();
            db.Add(new WorkflowDefinitionVersion { Id = Guid.NewGuid(), DefinitionId = existing.DefinitionId, Version = existing.Version, Name = "dup", Json = "{}" });
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        } // disposing the transaction without commit rolls it back

        (await CountsAsync()).ShouldBe((0, 0, 0, 0));
    }

    [Fact]
    public async Task TheEngineAndTheDomainChange_CommitInOneSaveChanges()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("approval-with-timeout", correlationId: "C-2");
            var existing = await db.Set<WorkflowDefinitionVersion>().AsNoTracking().FirstAsync();
            db.Add(new WorkflowDefinitionVersion { Id = Guid.NewGuid(), DefinitionId = existing.DefinitionId, Version = existing.Version, Name = "dup", Json = "{}" });
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        (await CountsAsync()).ShouldBe((0, 0, 0, 0));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("approval-with-timeout", correlationId: "C-3");
            await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
        }
        var counts = await CountsAsync();
        (counts.Instances, counts.Tasks, counts.Timers).ShouldBe((1, 1, 1));
        counts.Journal.ShouldBeGreaterThan(0);
    }
}

public sealed class AtomicityTests_Sqlite() : AtomicityTests(DatabaseProvider.Sqlite);

public sealed class AtomicityTests_Postgres() : AtomicityTests(DatabaseProvider.Postgres);
