using System.Net;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Timers;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Workflows;

/// <summary>Durable timers driven by the fake clock: due-ness, exactly-once firing, and two nodes sharing a database.</summary>
public abstract class TimerTests(DatabaseProvider provider) : AppTest(provider)
{
    private async Task<Guid> StartApprovalAsync(CaseHubApp app)
    {
        var response = await app.ClientFor("admin").PostJsonAsync("/api/workflows/instances", new StartInstanceRequest("approval-with-timeout", null, null, null));
        return (await response.ReadAsync<InstanceDto>(HttpStatusCode.Created)).Id;
    }

    [Fact]
    public async Task ATimer_DoesNotFireBeforeItsDueTime_AndFiresExactlyOnceAfter()
    {
        var instanceId = await StartApprovalAsync(App);
        var dispatcher = App.Service<TimerDispatcher>();

        App.Time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        (await dispatcher.FireDueAsync()).ShouldBe(0);

        App.Time.Advance(TimeSpan.FromSeconds(1));
        (await dispatcher.FireDueAsync()).ShouldBe(1);
        (await dispatcher.FireDueAsync()).ShouldBe(0);

        await using var db = App.NewDbContext();
        (await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == instanceId)).Status.ShouldBe(WorkflowStatus.Finished);
        (await db.Set<HumanTask>().SingleAsync(t => t.InstanceId == instanceId)).Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await db.Set<WorkflowJournalEntry>().CountAsync(j => j.InstanceId == instanceId && j.ActivityId == "timeout" && j.Event == JournalEvent.Resumed)).ShouldBe(1);
        (await db.Set<WorkflowTimer>().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ATimerWhoseInstanceWasCancelled_IsDeletedWithoutEffect()
    {
        var instanceId = await StartApprovalAsync(App);
        (await App.ClientFor("admin").PostAsync($"/api/workflows/instances/{instanceId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        App.Time.Advance(TimeSpan.FromDays(3));

        (await App.Service<TimerDispatcher>().FireDueAsync()).ShouldBe(0);
        await using var db = App.NewDbContext();
        (await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == instanceId)).Status.ShouldBe(WorkflowStatus.Cancelled);
    }
}

public sealed class TimerTests_Sqlite() : TimerTests(DatabaseProvider.Sqlite);

public sealed class TimerTests_Postgres() : TimerTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task TwoNodesOnOneDatabase_FireEachTimerExactlyOnce()
    {
        await using var database = await TestDatabases.CreatePostgresAsync();
        var time = new FakeTimeProvider();
        await using var nodeA = new CaseHubApp(database, time);
        await using var nodeB = new CaseHubApp(database, time);
        var client = nodeA.ClientFor("admin");
        var instanceIds = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            var response = await client.PostJsonAsync("/api/workflows/instances", new StartInstanceRequest("approval-with-timeout", null, null, null));
            instanceIds.Add((await response.ReadAsync<InstanceDto>(HttpStatusCode.Created)).Id);
        }
        _ = nodeB.Server; // both hosts are up before the timers fall due
        time.Advance(TimeSpan.FromDays(3));

        var fired = await Task.WhenAll(
            Task.Run(() => nodeA.Service<TimerDispatcher>().FireDueAsync()),
            Task.Run(() => nodeB.Service<TimerDispatcher>().FireDueAsync()));

        fired.Sum().ShouldBe(60);
        await using var db = database.CreateDbContext();
        var resumes = await db.Set<WorkflowJournalEntry>()
            .Where(j => j.ActivityId == "timeout" && j.Event == JournalEvent.Resumed)
            .GroupBy(j => j.InstanceId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync();
        resumes.Count.ShouldBe(60);
        resumes.ShouldAllBe(r => r.Count == 1);
        (await db.Set<WorkflowInstance>().CountAsync(i => i.Status == WorkflowStatus.Finished)).ShouldBe(60);
    }
}
