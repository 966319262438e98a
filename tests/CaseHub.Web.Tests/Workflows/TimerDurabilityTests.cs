using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Workflows;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using CaseHub.Tests;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Workflows;

/// <summary>
/// Timers across real process kills and restarts, and across two processes on one PostgreSQL. These use
/// the real clock by necessity: a timer has to fall due while no process is running.
/// </summary>
public abstract class TimerDurabilityTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan ShortDelay = TimeSpan.FromSeconds(4);
    private ITestDatabase _database = null!;
    private string _workflows = null!;

    protected ITestDatabase Database => _database;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _workflows = Directory.CreateTempSubdirectory("casehub-workflows-").FullName;
        var flow = new FlowchartBuilder("short-delay").Start().Delay("wait", ShortDelay.ToString()).End().Chain("start", "wait", "end");
        await File.WriteAllTextAsync(Path.Combine(_workflows, "short-delay.json"), flow.Build());
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_workflows, recursive: true);
    }

    protected Dictionary<string, string?> Settings => new(_database.AppSettings) { ["Workflows:Folder"] = _workflows };

    protected Task<AppProcess> StartNodeAsync(bool firesTimers = true) =>
        AppProcess.StartAsync(new Dictionary<string, string?>(Settings) { ["Timers:Enabled"] = firesTimers ? "true" : "false" }, _database);

    protected static async Task<Guid> StartAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/workflows/instances", new StartInstanceRequest("short-delay", null, null, null), CaseHubApp.Json);
        return (await response.ReadAsync<InstanceDto>(HttpStatusCode.Created)).Id;
    }

    protected async Task<int> ResumesOfAsync(Guid instanceId)
    {
        await using var db = _database.CreateDbContext();
        return await db.Set<WorkflowJournalEntry>().CountAsync(j => j.InstanceId == instanceId && j.ActivityId == "wait" && j.Event == JournalEvent.Resumed);
    }

    [Fact]
    public async Task ATimerThatFallsDueWhileTheAppIsDown_FiresOnceAfterRestart()
    {
        Guid instanceId;
        DateTimeOffset dueAt;
        // The first node does not fire timers, so a slow start or kill on a busy machine cannot let the timer fire
        // before the kill; the worker polls for due rows and holds nothing in memory, so nothing else differs.
        await using (var node = await StartNodeAsync(firesTimers: false))
        {
            instanceId = await StartAsync(node.ClientFor("admin"));
            await node.KillAsync();
        }
        await using (var db = _database.CreateDbContext())
        {
            var timer = await db.Set<WorkflowTimer>().SingleOrDefaultAsync(t => t.InstanceId == instanceId);
            timer.ShouldNotBeNull("the timer was not stored before the kill");
            dueAt = timer.DueAt;
        }
        // Stay down until the timer is overdue.
        while (DateTimeOffset.UtcNow < dueAt + TimeSpan.FromMilliseconds(200))
            await Task.Delay(100);

        await using var restarted = await StartNodeAsync();
        var client = restarted.ClientFor("admin");
        var status = await Eventually.ReturnsAsync(
            async () => (string?)JsonNode.Parse(await client.GetStringAsync($"/api/workflows/instances/{instanceId}"))!["status"],
            s => s == "Finished", TimeSpan.FromSeconds(30), "the overdue timer firing after restart");

        status.ShouldBe("Finished");
        (await ResumesOfAsync(instanceId)).ShouldBe(1);
    }
}

public sealed class TimerDurabilityTests_Sqlite() : TimerDurabilityTests(DatabaseProvider.Sqlite);

public sealed class TimerDurabilityTests_Postgres() : TimerDurabilityTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task TwoAppProcessesOnOneDatabase_ApplyEachTimerExactlyOnce()
    {
        await using var nodeA = await StartNodeAsync();
        await using var nodeB = await StartNodeAsync();
        var clients = new[] { nodeA.ClientFor("admin"), nodeB.ClientFor("admin") };
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
            ids.Add(await StartAsync(clients[i % 2]));

        await Eventually.ReturnsAsync(async () =>
        {
            await using var db = Database.CreateDbContext();
            return await db.Set<WorkflowInstance>().CountAsync(x => x.Status == WorkflowStatus.Finished);
        }, finished => finished == ids.Count, TimeSpan.FromSeconds(60), "all 40 timers firing");

        foreach (var id in ids)
            (await ResumesOfAsync(id)).ShouldBe(1);
        var fired = 0L;
        foreach (var client in clients)
            fired += (long)JsonNode.Parse(await client.GetStringAsync("/health"))!["timerWorker"]!["fired"]!;
        fired.ShouldBe(ids.Count);
    }
}
