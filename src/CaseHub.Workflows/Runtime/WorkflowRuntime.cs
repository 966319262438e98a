using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Workflows.Runtime;

/// <summary>Lets the host add read-only globals to expressions, such as the case an instance belongs to.</summary>
public interface IExpressionGlobalsProvider
{
    ValueTask AddGlobalsAsync(WorkflowInstance instance, IDictionary<string, JsonNode?> globals, CancellationToken cancellationToken);
}

/// <summary>
/// Starts, resumes, cancels and retries instances. It works on the caller's <see cref="DbContext"/> and never
/// saves: the caller's one <c>SaveChanges</c> (or transaction) commits the domain change together with
/// the instance, its tasks, timers, bookmarks and journal, or none of them.
/// </summary>
public sealed class WorkflowRuntime(
    DbContext db,
    ActivityRegistry registry,
    WorkflowDefinitionService definitions,
    ExpressionEvaluator evaluator,
    TimeProvider time,
    IServiceProvider services,
    IEnumerable<IExpressionGlobalsProvider> globalsProviders)
{
    public const string StartType = "Elsa.Start";
    public const string JoinType = "Elsa.FlowJoin";
    private const int MaxStepsPerRun = 10_000;
    private const int MaxEventDeliveries = 1_000;

    private static readonly ConditionalWeakTable<WorkflowDocument, Reachability> ReachabilityCache = new();

    /// <summary>Starts an instance of the latest published version of <paramref name="definitionId"/>.</summary>
    public async Task<WorkflowInstance> StartAsync(string definitionId, JsonObject? input = null, string? correlationId = null,
        string? actor = null, CancellationToken cancellationToken = default)
    {
        var version = await definitions.FindPublishedAsync(definitionId, null, cancellationToken)
            ?? throw new NotFoundException("Published workflow", definitionId);
        return await StartAsync(version, input, correlationId, actor, cancellationToken);
    }

    public async Task<WorkflowInstance> StartAsync(WorkflowDefinitionVersion version, JsonObject? input = null, string? correlationId = null,
        string? actor = null, CancellationToken cancellationToken = default)
    {
        if (version.Status != DefinitionStatus.Published)
            throw new InvalidStateException(Bilingual.Text(
                $"流程“{version.DefinitionId}”的版本 {version.Version} 是草稿，只有已发布的版本才能运行。",
                $"Workflow '{version.DefinitionId}' version {version.Version} is a draft; only published versions can run."));
        var document = definitions.Parse(version);
        var start = document.Activities.FirstOrDefault(a => a.Type == StartType)
            ?? throw new InvalidStateException(Bilingual.Text(
                $"流程“{version.DefinitionId}”没有 {StartType} 活动。",
                $"Workflow '{version.DefinitionId}' has no {StartType} activity."));

        var now = time.GetUtcNow();
        var variables = new JsonObject();
        foreach (var variable in document.Variables)
            variables[variable.Name] = variable.DefaultValue?.DeepClone();
        var instance = new WorkflowInstance
        {
            Id = Guid.CreateVersion7(now),
            DefinitionId = version.DefinitionId,
            DefinitionVersionId = version.Id,
            DefinitionVersion = version.Version,
            Status = WorkflowStatus.Running,
            CorrelationId = correlationId,
            InputJson = (input ?? []).ToJsonString(),
            VariablesJson = variables.ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(instance);
        var execution = await CreateExecutionAsync(document, instance, actor, cancellationToken);
        await RunAsync(execution, [new WorkItem(start.Id)], cancellationToken);
        return instance;
    }

    /// <summary>Resumes the activity that created the bookmark in <paramref name="signal"/>.</summary>
    public async Task<WorkflowInstance> ResumeAsync(Guid instanceId, ResumeSignal signal, CancellationToken cancellationToken = default)
    {
        var instance = await LoadInstanceAsync(instanceId, cancellationToken);
        if (instance.Status is not (WorkflowStatus.Suspended or WorkflowStatus.Running or WorkflowStatus.Faulted))
            throw new InvalidStateException(Bilingual.Text(
                $"流程实例 {instanceId} 的状态为 {instance.Status}，无法继续。",
                $"Instance {instanceId} is {instance.Status} and cannot be resumed."));
        var execution = await CreateExecutionAsync(await DocumentOfAsync(instance, cancellationToken), instance, signal.Actor, cancellationToken);
        var wait = execution.State.Waiting.FirstOrDefault(w => w.BookmarkId == signal.BookmarkId)
            ?? throw new InvalidStateException(Bilingual.Text(
                $"流程实例 {instanceId} 已不再等待书签 {signal.BookmarkId}。",
                $"Instance {instanceId} is no longer waiting on bookmark {signal.BookmarkId}."));
        execution.State.Waiting.Remove(wait);
        await RunAsync(execution, [new WorkItem(wait.ActivityId, Signal: signal)], cancellationToken);
        return instance;
    }

    /// <summary>Delivers a named event to every instance waiting for it; returns how many were resumed.</summary>
    public async Task<int> PublishEventAsync(string eventName, string? correlationId, JsonNode? payload, string? actor = null,
        CancellationToken cancellationToken = default)
    {
        var pending = new Queue<PublishedEvent>([new PublishedEvent(eventName, correlationId, payload)]);
        return await DeliverAsync(pending, actor, cancellationToken);
    }

    public async Task<WorkflowInstance> CancelAsync(Guid instanceId, string? actor, CancellationToken cancellationToken = default)
    {
        var instance = await LoadInstanceAsync(instanceId, cancellationToken);
        if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
            throw new InvalidStateException(Bilingual.Text(
                $"流程实例 {instanceId} 的状态已是 {instance.Status}。",
                $"Instance {instanceId} is already {instance.Status}."));
        var execution = await CreateExecutionAsync(await DocumentOfAsync(instance, cancellationToken), instance, actor, cancellationToken);
        foreach (var wait in execution.State.Waiting.ToList())
            await CancelWaitAsync(execution, wait, cancellationToken);
        instance.Status = WorkflowStatus.Cancelled;
        instance.FinishedAt = execution.Now;
        execution.Flush();
        return instance;
    }

    /// <summary>Runs the faulted activity of <paramref name="incidentId"/> again, after whatever caused it was fixed.</summary>
    public async Task<WorkflowInstance> RetryAsync(Guid instanceId, Guid incidentId, string? actor, CancellationToken cancellationToken = default)
    {
        var instance = await LoadInstanceAsync(instanceId, cancellationToken);
        var incident = await db.Set<WorkflowIncident>().FirstOrDefaultAsync(i => i.Id == incidentId && i.InstanceId == instanceId, cancellationToken)
            ?? throw new NotFoundException("Incident", incidentId);
        if (incident.ResolvedAt is not null)
            throw new InvalidStateException(Bilingual.Text(
                $"故障 {incidentId} 已重试或已处理。",
                $"Incident {incidentId} was already retried or resolved."));
        if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
            throw new InvalidStateException(Bilingual.Text(
                $"流程实例 {instanceId} 的状态为 {instance.Status}，没有可重试的内容。",
                $"Instance {instanceId} is {instance.Status}; there is nothing to retry."));

        var execution = await CreateExecutionAsync(await DocumentOfAsync(instance, cancellationToken), instance, actor, cancellationToken);
        incident.ResolvedAt = execution.Now;
        incident.ResolvedBy = actor;
        execution.State.OpenIncidents = Math.Max(0, execution.State.OpenIncidents - 1);
        var signal = incident.ResumeSignalJson is null ? null : JsonSerializer.Deserialize<ResumeSignal>(incident.ResumeSignalJson, JsonSerializerOptions.Web);
        if (instance.Status == WorkflowStatus.Faulted)
            instance.Status = WorkflowStatus.Running;
        await RunAsync(execution, [new WorkItem(incident.ActivityId, Signal: signal, JoinSatisfied: true)], cancellationToken);
        return instance;
    }

    /// <summary>The document an instance runs: always the exact version it started on.</summary>
    public async Task<WorkflowDocument> DocumentOfAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var version = await definitions.FindVersionAsync(instance.DefinitionVersionId, cancellationToken)
            ?? throw new NotFoundException("Workflow version", instance.DefinitionVersionId);
        return definitions.Parse(version);
    }

    private async Task<WorkflowInstance> LoadInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        await db.Set<WorkflowInstance>().FindAsync([instanceId], cancellationToken)
            ?? throw new NotFoundException("Workflow instance", instanceId);

    private async Task<WorkflowExecution> CreateExecutionAsync(WorkflowDocument document, WorkflowInstance instance, string? actor, CancellationToken cancellationToken)
    {
        var execution = new WorkflowExecution(document, instance, db, services, evaluator, time, new Dictionary<string, JsonNode?>(), actor);
        await RefreshGlobalsAsync(execution, cancellationToken);
        return execution;
    }

    // Activities change the domain as they run (a return counts up, a dispatch sets the department), so the
    // globals are read again after each step rather than once per run.
    private async Task RefreshGlobalsAsync(WorkflowExecution execution, CancellationToken cancellationToken)
    {
        foreach (var provider in globalsProviders)
            await provider.AddGlobalsAsync(execution.Instance, execution.Globals, cancellationToken);
    }

    private sealed record WorkItem(string ActivityId, Connection? Via = null, ResumeSignal? Signal = null, bool JoinSatisfied = false);

    private async Task RunAsync(WorkflowExecution execution, IEnumerable<WorkItem> initial, CancellationToken cancellationToken)
    {
        var queue = new Queue<WorkItem>(initial);
        var steps = 0;
        while (true)
        {
            while (queue.TryDequeue(out var item) && !execution.FinishRequested)
            {
                if (++steps > MaxStepsPerRun)
                {
                    RecordIncident(execution, execution.Document.Find(item.ActivityId) ?? new ActivityNode(new JsonObject { ["id"] = item.ActivityId, ["type"] = "?" }),
                        new InvalidOperationException($"The run took more than {MaxStepsPerRun} steps without waiting; the flow probably loops forever."), item.Signal);
                    break;
                }
                var node = execution.Document.Find(item.ActivityId);
                if (node is null)
                {
                    RecordIncident(execution, new ActivityNode(new JsonObject { ["id"] = item.ActivityId, ["type"] = "?" }),
                        new InvalidOperationException($"A connection leads to activity '{item.ActivityId}', which does not exist."), item.Signal);
                    continue;
                }
                if (item.Signal is null && !item.JoinSatisfied)
                {
                    bool mayRun;
                    try
                    {
                        mayRun = await ArriveAtJoinAsync(execution, node, item.Via, queue, cancellationToken);
                    }
                    catch (ExpressionException e)
                    {
                        RecordIncident(execution, node, new ActivityInputException("mode", e.Message, e), null);
                        continue;
                    }
                    if (!mayRun)
                        continue;
                }
                await ExecuteAsync(execution, node, item.Signal, queue, cancellationToken);
                await RefreshGlobalsAsync(execution, cancellationToken);
            }
            if (execution.FinishRequested || !SettleJoins(execution, queue))
                break;
        }
        await FinishRunAsync(execution, cancellationToken);
    }

    private async Task ExecuteAsync(WorkflowExecution execution, ActivityNode node, ResumeSignal? signal, Queue<WorkItem> queue, CancellationToken cancellationToken)
    {
        var activity = registry.Find(node.Type);
        if (activity is null)
        {
            RecordIncident(execution, node, new InvalidOperationException($"Activity type '{node.Type}' is not known to this engine."), signal);
            return;
        }
        var context = new ActivityContext(execution, node);
        var startedAt = execution.Now;
        ActivityResult result;
        try
        {
            result = signal is null ? await activity.ExecuteAsync(context) : await activity.ResumeAsync(context, signal);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            RecordIncident(execution, node, e, signal);
            return;
        }

        var journalEvent = signal is null ? JournalEvent.Executed : JournalEvent.Resumed;
        if (result.Kind != ActivityResultKind.Waiting)
        {
            // An activity that waited on several things (a whistle's report-in tasks and its deadline) is done with the rest.
            foreach (var leftover in execution.State.Waiting.Where(w => w.ActivityId == node.Id).ToList())
                await CancelWaitAsync(execution, leftover, cancellationToken);
        }
        switch (result.Kind)
        {
            case ActivityResultKind.Waiting:
                execution.Journal(node, signal is null ? JournalEvent.Waiting : JournalEvent.Resumed, null, null, startedAt);
                break;
            case ActivityResultKind.FinishWorkflow:
                execution.Journal(node, journalEvent, null, null, startedAt);
                execution.FinishRequested = true;
                break;
            default:
                execution.Journal(node, journalEvent, string.Join(',', result.Outcomes), null, startedAt);
                foreach (var outcome in result.Outcomes)
                {
                    foreach (var connection in execution.Document.Outbound(node.Id, outcome))
                        queue.Enqueue(new WorkItem(connection.Target.Activity, connection));
                }
                break;
        }
    }

    // ---- joins ----

    private static string TokenKey(Connection c) => $"{c.Source.Activity}:{c.Source.Port}";

    private JoinMode? JoinModeOf(WorkflowExecution execution, ActivityNode node)
    {
        if (node.Type == JoinType)
        {
            var mode = ActivityContext.AsString(node.GetInput("mode") is { } input ? evaluator.Evaluate(input, execution.Scope()) : null);
            return Enum.TryParse<JoinMode>(mode, ignoreCase: true, out var parsed) ? parsed : JoinMode.WaitAny;
        }
        return execution.Document.Inbound(node.Id).Select(TokenKey).Distinct().Skip(1).Any() ? JoinMode.WaitAllActive : null;
    }

    /// <summary>Records the token a connection brings to a join; true when the activity may run now.</summary>
    private async Task<bool> ArriveAtJoinAsync(WorkflowExecution execution, ActivityNode node, Connection? via, Queue<WorkItem> queue, CancellationToken cancellationToken)
    {
        if (via is null || JoinModeOf(execution, node) is not { } mode)
            return true;
        var tokens = execution.State.JoinTokens.TryGetValue(node.Id, out var list) ? list : execution.State.JoinTokens[node.Id] = [];
        var key = TokenKey(via);
        if (!tokens.Contains(key))
            tokens.Add(key);

        switch (mode)
        {
            case JoinMode.WaitAny:
                execution.State.JoinTokens.Remove(node.Id);
                await CancelOtherBranchesAsync(execution, node, key, queue, cancellationToken);
                return true;
            case JoinMode.WaitAll:
                if (execution.Document.Inbound(node.Id).Select(TokenKey).All(tokens.Contains))
                {
                    execution.State.JoinTokens.Remove(node.Id);
                    return true;
                }
                return false;
            default:
                return false; // WaitAllActive is decided in SettleJoins, once nothing else can move.
        }
    }

    /// <summary>Fires WaitAllActive joins that no active path can still reach; true when one fired.</summary>
    private bool SettleJoins(WorkflowExecution execution, Queue<WorkItem> queue)
    {
        foreach (var (joinId, tokens) in execution.State.JoinTokens.ToList())
        {
            var node = execution.Document.Find(joinId);
            if (node is null || tokens.Count == 0 || JoinModeOf(execution, node) != JoinMode.WaitAllActive)
                continue;
            var reach = ReachabilityCache.GetValue(execution.Document, d => new Reachability(d));
            var active = execution.State.Waiting.Select(w => w.ActivityId).Concat(queue.Select(q => q.ActivityId)).ToHashSet();
            var stillComing = execution.Document.Inbound(joinId)
                .Where(c => !tokens.Contains(TokenKey(c)))
                .Any(c => active.Any(a => a == c.Source.Activity || reach.CanReach(a, c.Source.Activity)));
            if (stillComing)
                continue;
            execution.State.JoinTokens.Remove(joinId);
            queue.Enqueue(new WorkItem(joinId, JoinSatisfied: true));
            return true;
        }
        return false;
    }

    /// <summary>WaitAny: the first branch wins; every other branch into the join stops, with its tasks and timers.</summary>
    private async Task CancelOtherBranchesAsync(WorkflowExecution execution, ActivityNode join, string winner, Queue<WorkItem> queue, CancellationToken cancellationToken)
    {
        var reach = ReachabilityCache.GetValue(execution.Document, d => new Reachability(d));
        var losers = execution.Document.Inbound(join.Id).Where(c => TokenKey(c) != winner).Select(c => c.Source.Activity).ToHashSet();
        bool Feeds(string activityId) => activityId != join.Id && losers.Any(l => l == activityId || reach.CanReach(activityId, l));

        foreach (var wait in execution.State.Waiting.Where(w => Feeds(w.ActivityId)).ToList())
            await CancelWaitAsync(execution, wait, cancellationToken);
        var keep = queue.Where(q => !Feeds(q.ActivityId)).ToList();
        queue.Clear();
        foreach (var item in keep)
            queue.Enqueue(item);
    }

    // ---- settling ----

    private async Task FinishRunAsync(WorkflowExecution execution, CancellationToken cancellationToken)
    {
        var instance = execution.Instance;
        if (execution.FinishRequested)
        {
            foreach (var wait in execution.State.Waiting.ToList())
                await CancelWaitAsync(execution, wait, cancellationToken);
            execution.State.JoinTokens.Clear();
            instance.Status = WorkflowStatus.Finished;
            instance.FinishedAt = execution.Now;
        }
        else if (execution.State.OpenIncidents > 0)
        {
            instance.Status = WorkflowStatus.Faulted;
        }
        else if (execution.State.Waiting.Count == 0)
        {
            instance.Status = WorkflowStatus.Finished;
            instance.FinishedAt = execution.Now;
        }
        else
        {
            instance.Status = WorkflowStatus.Suspended;
        }
        execution.Flush();

        if (execution.PublishedEvents.Count > 0)
        {
            var pending = new Queue<PublishedEvent>(execution.PublishedEvents);
            execution.PublishedEvents.Clear();
            await DeliverAsync(pending, execution.Actor, cancellationToken);
        }
    }

    private async Task<int> DeliverAsync(Queue<PublishedEvent> pending, string? actor, CancellationToken cancellationToken)
    {
        var resumed = 0;
        while (pending.TryDequeue(out var published))
        {
            var bookmarks = await FindEventBookmarksAsync(published, cancellationToken);
            foreach (var bookmark in bookmarks)
            {
                if (++resumed > MaxEventDeliveries)
                    throw new InvalidOperationException($"More than {MaxEventDeliveries} event deliveries in one request; events probably trigger each other in a loop.");
                db.Remove(bookmark);
                await ResumeAsync(bookmark.InstanceId, new ResumeSignal(WaitKind.Event, bookmark.Id, null, published.Payload?.DeepClone(), actor), cancellationToken);
            }
        }
        return resumed;
    }

    /// <summary>Bookmarks in the database and those added in this unit of work but not yet saved.</summary>
    private async Task<List<WorkflowEventBookmark>> FindEventBookmarksAsync(PublishedEvent published, CancellationToken cancellationToken)
    {
        var set = db.Set<WorkflowEventBookmark>();
        var stored = await set
            .Where(b => b.EventName == published.Name && (b.CorrelationId == null || b.CorrelationId == published.CorrelationId))
            .ToListAsync(cancellationToken);
        var local = set.Local.Where(b => b.EventName == published.Name && (b.CorrelationId == null || b.CorrelationId == published.CorrelationId));
        return [.. stored.Concat(local).DistinctBy(b => b.Id)
            .Where(b => db.Entry(b).State is not EntityState.Deleted and not EntityState.Detached)
            .OrderBy(b => b.CreatedAt)];
    }

    private async Task CancelWaitAsync(WorkflowExecution execution, WaitPoint wait, CancellationToken cancellationToken)
    {
        execution.State.Waiting.Remove(wait);
        switch (wait.Kind)
        {
            case WaitKind.Task:
                if (await db.Set<HumanTask>().FindAsync([wait.BookmarkId], cancellationToken) is { Status: HumanTaskStatus.Open } task)
                {
                    task.Status = HumanTaskStatus.Cancelled;
                    task.CompletedAt = execution.Now;
                }
                break;
            // A wait point and its timer or bookmark row are removed in the same transaction, so while the
            // instance waits the row exists: delete it by key without reading it first.
            case WaitKind.Timer:
                DeleteByKey<WorkflowTimer>(wait.BookmarkId, id => new WorkflowTimer { Id = id, Kind = "" });
                break;
            case WaitKind.Event:
                DeleteByKey<WorkflowEventBookmark>(wait.BookmarkId, id => new WorkflowEventBookmark { Id = id, ActivityId = "", EventName = "" });
                break;
        }
        var node = execution.Document.Find(wait.ActivityId);
        if (node is not null)
            execution.Journal(node, JournalEvent.Cancelled, null, null);
    }

    private void DeleteByKey<T>(Guid id, Func<Guid, T> stub) where T : class
    {
        var tracked = db.ChangeTracker.Entries<T>().FirstOrDefault(e => Equals(e.Property("Id").CurrentValue, id));
        if (tracked is null)
            db.Remove(stub(id));
        else if (tracked.State == EntityState.Added)
            tracked.State = EntityState.Detached;
        else if (tracked.State != EntityState.Deleted)
            tracked.State = EntityState.Deleted;
    }

    private static void RecordIncident(WorkflowExecution execution, ActivityNode node, Exception error, ResumeSignal? signal)
    {
        var message = error is ActivityInputException or ExpressionException or InvalidOperationException or FormatException
            ? error.Message
            : $"{error.GetType().Name}: {error.Message}";
        execution.Db.Add(new WorkflowIncident
        {
            Id = execution.NewId(),
            InstanceId = execution.Instance.Id,
            ActivityId = node.Id,
            ActivityType = node.Type,
            Message = message.Length > 2000 ? message[..2000] : message,
            Detail = error.ToString(),
            ResumeSignalJson = signal is null ? null : JsonSerializer.Serialize(signal, JsonSerializerOptions.Web),
            CreatedAt = execution.Now,
        });
        execution.State.OpenIncidents++;
        execution.Journal(node, JournalEvent.Faulted, null, message);
    }

    /// <summary>Which activities can reach which, along connections; computed once per published version.</summary>
    private sealed class Reachability(WorkflowDocument document)
    {
        private readonly Dictionary<string, HashSet<string>> _from = [];

        public bool CanReach(string from, string to)
        {
            lock (_from)
            {
                if (!_from.TryGetValue(from, out var reached))
                    _from[from] = reached = Walk(from);
                return reached.Contains(to);
            }
        }

        private HashSet<string> Walk(string from)
        {
            var seen = new HashSet<string>();
            var stack = new Stack<string>([from]);
            while (stack.TryPop(out var current))
            {
                foreach (var connection in document.OutboundAll(current))
                {
                    if (seen.Add(connection.Target.Activity))
                        stack.Push(connection.Target.Activity);
                }
            }
            return seen;
        }
    }
}

public enum JoinMode
{
    WaitAny,
    WaitAll,
    WaitAllActive,
}
