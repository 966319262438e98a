using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Tests.Harness;
using CaseHub.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>Timers of a batch kind fire many to a transaction; one that fails sends the batch back to one-by-one firing.</summary>
public sealed class BatchTimerTests
{
    private const string Kind = "test.batch";

    /// <summary>Records what it fired as rows written in the batch's transaction (far-future timers of another kind); fails on the timers it is told to.</summary>
    private sealed class RecordingHandler(DbContext db, Recorder recorder) : IBatchTimerHandler
    {
        public string Kind => BatchTimerTests.Kind;

        public Task PrepareAsync(IReadOnlyList<WorkflowTimer> timers, CancellationToken cancellationToken)
        {
            recorder.Batches.Add(timers.Count);
            return Task.CompletedTask;
        }

        public Task FireAsync(WorkflowTimer timer, CancellationToken cancellationToken)
        {
            if (recorder.Poisoned.Contains(timer.Id))
                throw new InvalidOperationException("poisoned");
            db.Add(new WorkflowTimer { Id = Guid.NewGuid(), Kind = "test.fired", ActivityId = timer.Id.ToString(), DueAt = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), CreatedAt = timer.DueAt });
            return Task.CompletedTask;
        }
    }

    private sealed class Recorder
    {
        public List<int> Batches { get; } = [];
        public HashSet<Guid> Poisoned { get; } = [];
    }

    private static async Task<(WorkflowTestHost Host, Recorder Recorder)> HostAsync(int batchSize)
    {
        var recorder = new Recorder();
        var host = await WorkflowTestHost.CreateAsync(services =>
        {
            services.AddSingleton(recorder);
            services.AddScoped<ITimerHandler, RecordingHandler>();
            services.AddSingleton(new TimerOptions { BatchSize = batchSize });
        });
        return (host, recorder);
    }

    private static async Task<List<Guid>> AddTimersAsync(WorkflowTestHost host, int count) => await host.InScopeAsync(sp =>
    {
        var db = sp.GetRequiredService<DbContext>();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
            db.Add(new WorkflowTimer { Id = id, Kind = Kind, DueAt = host.Clock.GetUtcNow(), CreatedAt = host.Clock.GetUtcNow() });
        return Task.FromResult(ids);
    });

    private static async Task<(List<string> Fired, int TimersLeft)> StateAsync(WorkflowTestHost host)
    {
        await using var scope = host.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        return ([.. await db.Set<WorkflowTimer>().Where(t => t.Kind == "test.fired").Select(t => t.ActivityId!).ToListAsync()],
            await db.Set<WorkflowTimer>().CountAsync(t => t.Kind == Kind));
    }

    [Fact]
    public async Task DueTimersOfABatchKind_FireInBatchesOfTheConfiguredSize_EachOnce()
    {
        var (host, recorder) = await HostAsync(batchSize: 4);
        await using var _ = host;
        var ids = await AddTimersAsync(host, 10);

        (await host.FireDueTimersAsync()).ShouldBe(10);

        recorder.Batches.ShouldBe([4, 4, 2]);
        var (fired, left) = await StateAsync(host);
        fired.ShouldBe(ids.Select(i => i.ToString()), ignoreOrder: true);
        left.ShouldBe(0);
    }

    [Fact]
    public async Task APoisonedTimer_RollsItsBatchBack_TheOthersFireOneByOne_AndItWaitsForItsRetry()
    {
        var (host, recorder) = await HostAsync(batchSize: 10);
        await using var _ = host;
        var ids = await AddTimersAsync(host, 5);
        recorder.Poisoned.Add(ids[2]);

        (await host.FireDueTimersAsync()).ShouldBe(4);

        var (fired, left) = await StateAsync(host);
        fired.ShouldBe(ids.Where(i => i != ids[2]).Select(i => i.ToString()), ignoreOrder: true); // nothing of the rolled-back batch survived twice
        left.ShouldBe(1);
        await using var scope = host.Scope();
        var poisoned = await scope.ServiceProvider.GetRequiredService<DbContext>().Set<WorkflowTimer>().SingleAsync(t => t.Kind == Kind);
        (poisoned.Id, poisoned.Attempts, poisoned.LastError).ShouldBe((ids[2], 1, "poisoned"));
        poisoned.DueAt.ShouldBeGreaterThan(host.Clock.GetUtcNow());
    }
}
