using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Workflows.Timers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Tests.Harness;

/// <summary>
/// The engine wired as a host wires it, on a private in-memory SQLite database and a fake clock.
/// Each operation runs in its own scope (its own DbContext) and saves once, like one request.
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly ServiceProvider _services;

    private WorkflowTestHost(SqliteConnection connection, ServiceProvider services, FakeTimeProvider clock)
    {
        _connection = connection;
        _services = services;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public static async Task<WorkflowTestHost> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        // The database lives as long as this connection stays open.
        var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        await connection.OpenAsync();
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddDbContext<TestWorkflowDbContext>(o => o.UseSqlite(connection));
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<TestWorkflowDbContext>());
        services.AddWorkflowEngine();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DbContext>().Database.EnsureCreatedAsync();
        return new WorkflowTestHost(connection, provider, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    /// <summary>Runs <paramref name="work"/> in a fresh scope and saves its changes in one SaveChanges.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Scope();
        var result = await work(scope.ServiceProvider);
        await scope.ServiceProvider.GetRequiredService<DbContext>().SaveChangesAsync();
        return result;
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> work) => InScopeAsync(async sp =>
    {
        await work(sp);
        return true;
    });

    // ---- definitions ----

    public Task<WorkflowDefinitionVersion> PublishAsync(string json) => InScopeAsync(async sp =>
        await sp.GetRequiredService<WorkflowDefinitionService>().ImportPublishedAsync(json, "admin", default)
        ?? throw new InvalidOperationException("The definition was already imported."));

    public Task<WorkflowDefinitionVersion> PublishAsync(FlowchartBuilder builder) => PublishAsync(builder.Build());

    public Task<WorkflowDefinitionVersion> PublishFileAsync(string relativePath) => PublishAsync(WorkflowFiles.Read(relativePath));

    /// <summary>Publishes through the designer's path: save a draft, then publish it.</summary>
    public Task<WorkflowDefinitionVersion> SaveDraftAndPublishAsync(string json) => InScopeAsync(async sp =>
    {
        var definitions = sp.GetRequiredService<WorkflowDefinitionService>();
        var draft = await definitions.SaveDraftAsync(json, null, "admin", default);
        return await definitions.PublishAsync(draft.DefinitionId, draft.RowVersion, "admin", default);
    });

    /// <summary>
    /// Stores a published version without validation, as a database copied from a node with other
    /// activity types (or from before a check existed) would hold it.
    /// </summary>
    public Task<WorkflowDefinitionVersion> StoreUnvalidatedAsync(string json) => InScopeAsync(sp =>
    {
        var document = WorkflowJson.Parse(json);
        var now = Clock.GetUtcNow();
        var version = new WorkflowDefinitionVersion
        {
            Id = Guid.CreateVersion7(now),
            DefinitionId = document.DefinitionId,
            Version = 1,
            Name = document.Name,
            Json = WorkflowJson.Write(document, indented: false),
            Status = DefinitionStatus.Published,
            CreatedAt = now,
            PublishedAt = now,
        };
        sp.GetRequiredService<DbContext>().Add(version);
        return Task.FromResult(version);
    });

    // ---- running ----

    public Task<WorkflowInstance> StartAsync(string definitionId, JsonObject? input = null, string? correlationId = null, string? actor = "alice") =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().StartAsync(definitionId, input, correlationId, actor));

    public Task<WorkflowInstance> StartAsync(WorkflowDefinitionVersion version, JsonObject? input = null) =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().StartAsync(version, input));

    public Task<HumanTask> CompleteTaskAsync(Guid taskId, string outcome, string user = "alice", JsonObject? formData = null) =>
        InScopeAsync(sp => sp.GetRequiredService<HumanTaskService>().CompleteAsync(taskId, outcome, formData, user, default));

    /// <summary>Completes the one open task the instance has at <paramref name="activityId"/>.</summary>
    public async Task<HumanTask> CompleteOpenTaskAsync(Guid instanceId, string activityId, string outcome, string user = "alice", JsonObject? formData = null)
    {
        var task = await OpenTaskAsync(instanceId, activityId);
        return await CompleteTaskAsync(task.Id, outcome, user, formData);
    }

    public Task<int> PublishEventAsync(string eventName, string? correlationId = null, JsonNode? payload = null) =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().PublishEventAsync(eventName, correlationId, payload, "publisher"));

    public Task<WorkflowInstance> CancelAsync(Guid instanceId) =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().CancelAsync(instanceId, "supervisor"));

    /// <summary>Applies <paramref name="fix"/> to the instance's variables, then retries the incident, in one unit of work.</summary>
    public Task<WorkflowInstance> RetryAsync(Guid instanceId, Guid incidentId, Action<JsonObject>? fixVariables = null) => InScopeAsync(async sp =>
    {
        if (fixVariables is not null)
        {
            var instance = await sp.GetRequiredService<DbContext>().Set<WorkflowInstance>().FindAsync(instanceId)
                ?? throw new InvalidOperationException($"No instance {instanceId}.");
            var variables = (JsonObject)JsonNode.Parse(instance.VariablesJson)!;
            fixVariables(variables);
            instance.VariablesJson = variables.ToJsonString();
        }
        return await sp.GetRequiredService<WorkflowRuntime>().RetryAsync(instanceId, incidentId, "admin");
    });

    /// <summary>Fires every timer due at the fake clock's now, as the background worker would.</summary>
    public Task<int> FireDueTimersAsync() => _services.GetRequiredService<TimerDispatcher>().FireDueAsync();

    /// <summary>Moves the clock on and fires whatever became due.</summary>
    public Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return FireDueTimersAsync();
    }

    // ---- reading what was saved (always from a fresh context) ----

    public Task<T> QueryAsync<T>(Func<DbContext, Task<T>> query) => ReadAsync(query);

    private async Task<T> ReadAsync<T>(Func<DbContext, Task<T>> query)
    {
        await using var scope = Scope();
        return await query(scope.ServiceProvider.GetRequiredService<DbContext>());
    }

    public Task<WorkflowInstance> InstanceAsync(Guid id) =>
        ReadAsync(db => db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == id));

    public Task<JsonObject> VariablesAsync(Guid id) => ReadAsync(async db =>
        (JsonObject)JsonNode.Parse((await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == id)).VariablesJson)!);

    public Task<List<HumanTask>> TasksAsync(Guid instanceId) =>
        ReadAsync(db => db.Set<HumanTask>().AsNoTracking().Where(t => t.InstanceId == instanceId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync());

    public async Task<List<HumanTask>> OpenTasksAsync(Guid instanceId) =>
        [.. (await TasksAsync(instanceId)).Where(t => t.Status == HumanTaskStatus.Open)];

    public async Task<HumanTask> OpenTaskAsync(Guid instanceId, string activityId) =>
        (await OpenTasksAsync(instanceId)).Single(t => t.ActivityId == activityId);

    public Task<List<WorkflowTimer>> TimersAsync(Guid instanceId) =>
        ReadAsync(db => db.Set<WorkflowTimer>().AsNoTracking().Where(t => t.InstanceId == instanceId).ToListAsync());

    public Task<List<WorkflowEventBookmark>> BookmarksAsync(Guid instanceId) =>
        ReadAsync(db => db.Set<WorkflowEventBookmark>().AsNoTracking().Where(b => b.InstanceId == instanceId).ToListAsync());

    public Task<List<WorkflowIncident>> IncidentsAsync(Guid instanceId) =>
        ReadAsync(db => db.Set<WorkflowIncident>().AsNoTracking().Where(i => i.InstanceId == instanceId).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync());

    public Task<List<WorkflowJournalEntry>> JournalAsync(Guid instanceId) =>
        ReadAsync(db => db.Set<WorkflowJournalEntry>().AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync());

    /// <summary>The journal as short steps, e.g. <c>start:Done</c>, <c>task:waiting</c>, <c>task:resumed:Approve</c>.</summary>
    public async Task<List<string>> PathAsync(Guid instanceId) => [.. (await JournalAsync(instanceId)).Select(Describe)];

    /// <summary>Only the steps that completed, with their outcomes: the route the instance took.</summary>
    public async Task<List<string>> RouteAsync(Guid instanceId) =>
        [.. (await JournalAsync(instanceId)).Where(j => j.Event is JournalEvent.Executed or JournalEvent.Resumed).Select(Describe)];

    public static string Describe(WorkflowJournalEntry entry) => entry.Event switch
    {
        JournalEvent.Executed => string.IsNullOrEmpty(entry.Outcome) ? entry.ActivityId : $"{entry.ActivityId}:{entry.Outcome}",
        JournalEvent.Waiting => $"{entry.ActivityId}:waiting",
        JournalEvent.Resumed => string.IsNullOrEmpty(entry.Outcome) ? $"{entry.ActivityId}:resumed" : $"{entry.ActivityId}:resumed:{entry.Outcome}",
        JournalEvent.Cancelled => $"{entry.ActivityId}:cancelled",
        JournalEvent.Faulted => $"{entry.ActivityId}:faulted",
        JournalEvent.Log => $"{entry.ActivityId}:log:{entry.Message}",
        _ => $"{entry.ActivityId}:{entry.Event}",
    };

    /// <summary>Counts rows of every engine table and the domain table, to prove that nothing was written.</summary>
    public Task<Dictionary<string, int>> RowCountsAsync() => ReadAsync(async db => new Dictionary<string, int>
    {
        ["definitions"] = await db.Set<WorkflowDefinitionVersion>().CountAsync(),
        ["instances"] = await db.Set<WorkflowInstance>().CountAsync(),
        ["tasks"] = await db.Set<HumanTask>().CountAsync(),
        ["timers"] = await db.Set<WorkflowTimer>().CountAsync(),
        ["bookmarks"] = await db.Set<WorkflowEventBookmark>().CountAsync(),
        ["journal"] = await db.Set<WorkflowJournalEntry>().CountAsync(),
        ["incidents"] = await db.Set<WorkflowIncident>().CountAsync(),
        ["cases"] = await db.Set<TestCase>().CountAsync(),
    });
}

/// <summary>Workflow JSON files copied next to the test assembly.</summary>
public static class WorkflowFiles
{
    public static string PathOf(string relativePath) => Path.Combine(AppContext.BaseDirectory, "Workflows", relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));
}
