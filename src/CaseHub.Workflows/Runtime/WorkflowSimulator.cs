using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Workflows.Runtime;

/// <summary>A clock that moves only when the simulation moves it.</summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => Now;

    public void AdvanceTo(DateTimeOffset at)
    {
        if (at > Now)
            Now = at.ToUniversalTime();
    }
}

/// <summary>
/// What a person (or the outside world) does at a waiting activity in a simulation: a task outcome, or
/// <see cref="WorkflowSimulator.TimerOutcome"/> to let the activity's timer run out, or <see cref="WorkflowSimulator.EventOutcome"/>
/// to deliver its event with <see cref="FormData"/> as the payload.
/// </summary>
public sealed record SimulationChoice(string ActivityId, string? Outcome, JsonObject? FormData);

/// <summary>One thing the simulated instance waits on, with what a choice may say there.</summary>
public sealed record SimulationWait(string ActivityId, string ActivityType, WaitKind Kind, IReadOnlyList<string> Outcomes,
    string? CandidateGroup, DateTimeOffset? DueAt);

/// <summary>
/// Runs a definition (which need not be stored or published) as one instance on the caller's unit of work, with a
/// <see cref="VirtualClock"/>: human tasks are completed by the given choices in order, and timers fire by moving the
/// clock to their due time. It never saves; the caller must throw the unit of work away.
/// </summary>
public sealed class WorkflowSimulator
{
    /// <summary>The choice outcome that lets an activity's timer run out instead of a person acting.</summary>
    public const string TimerOutcome = "@timer";

    /// <summary>The choice outcome that delivers the event an activity waits for.</summary>
    public const string EventOutcome = "@event";

    /// <summary>Timers fired on their own before the simulation gives up, so a flow that loops on a delay still answers.</summary>
    public const int MaxTimerFirings = 200;

    private readonly DbContext _db;
    private readonly IServiceProvider _services;
    private readonly WorkflowDefinitionVersion _version;
    private readonly WorkflowRuntime _runtime;
    private readonly HumanTaskService _tasks;

    public WorkflowSimulator(DbContext db, IServiceProvider services, WorkflowDocument document, DateTimeOffset startAt)
    {
        _db = db;
        _services = services;
        Clock = new VirtualClock(startAt);
        // A cache of its own holds the document as if published, so the real cache never sees it and nothing needs a row.
        var cache = new PublishedDefinitionCache();
        _version = new WorkflowDefinitionVersion
        {
            Id = Guid.CreateVersion7(Clock.Now),
            DefinitionId = document.DefinitionId,
            Name = document.Name,
            Json = "",
            Status = DefinitionStatus.Published,
            CreatedAt = Clock.Now,
        };
        cache.Versions[_version.Id] = _version;
        cache.Documents[_version.Id] = document;
        var definitions = new WorkflowDefinitionService(db, cache, services.GetRequiredService<WorkflowValidator>(), Clock);
        var registry = services.GetRequiredService<ActivityRegistry>();
        _runtime = new WorkflowRuntime(db, registry, definitions, services.GetRequiredService<ExpressionEvaluator>(), Clock, services,
            services.GetServices<IExpressionGlobalsProvider>());
        _tasks = new HumanTaskService(db, _runtime, registry, services, Clock);
        Document = document;
    }

    public VirtualClock Clock { get; }
    public WorkflowDocument Document { get; }
    public WorkflowInstance? Instance { get; private set; }

    /// <summary>Why the simulation stopped early, when it was not for a choice, an end or an incident.</summary>
    public string? StoppedBecause { get; private set; }

    public async Task<WorkflowInstance> StartAsync(JsonObject input, string? correlationId, string actor, CancellationToken cancellationToken)
    {
        Instance = await _runtime.StartAsync(_version, input, correlationId, actor, cancellationToken);
        return Instance;
    }

    /// <summary>
    /// Applies <paramref name="choices"/> in order, each at an activity the instance waits on then; between them, and after
    /// the last, fires timers while nothing but timers is waiting. Stops at a task or event that has no choice left, at
    /// the end, or at an incident.
    /// </summary>
    /// <exception cref="InvalidRequestException">A choice names an activity that is not waiting, or an outcome it does not have; the field is <c>choices[i].…</c>.</exception>
    public async Task RunAsync(IReadOnlyList<SimulationChoice> choices, string actor, CancellationToken cancellationToken)
    {
        var instance = Instance ?? throw new InvalidOperationException("Start the simulation first.");
        var next = 0;
        var fired = 0;
        while (instance.Status == WorkflowStatus.Suspended)
        {
            var waits = instance.WaitingPoints();
            if (next < choices.Count)
            {
                await ApplyAsync(choices[next], $"choices[{next}]", waits, actor, cancellationToken);
                next++;
                continue;
            }
            if (waits.Count == 0 || waits.Any(w => w.Kind != WaitKind.Timer))
                return;
            if (++fired > MaxTimerFirings)
            {
                StoppedBecause = Bilingual.Text(
                    $"定时器已连续触发 {MaxTimerFirings} 次而无人办理，试运行已停止；流程可能在定时器上循环。",
                    $"Stopped after {MaxTimerFirings} timers fired without anyone acting; the flow probably loops on a timer.");
                return;
            }
            await FireTimerAsync(waits.Where(w => w.Kind == WaitKind.Timer).MinBy(w => TimerOf(w)?.DueAt ?? DateTimeOffset.MaxValue)!, cancellationToken);
        }
        // A fault stops the run where it happened, and the incident says why; an end with choices left means they do not fit.
        if (next < choices.Count && instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
            throw new InvalidRequestException($"choices[{next}].activityId",
                Bilingual.Text($"流程已不再等待（{instance.Status}），第 {next + 1} 个选择及其后的选择无法应用。",
                    $"The flow does not wait any more ({instance.Status}), so choice {next + 1} and those after it cannot apply."));
    }

    /// <summary>What the instance waits on now, tasks first, each with the outcomes a choice may give.</summary>
    public IReadOnlyList<SimulationWait> Waits()
    {
        if (Instance is null || Instance.Status is not (WorkflowStatus.Suspended or WorkflowStatus.Running))
            return [];
        var waits = new List<SimulationWait>();
        foreach (var wait in Instance.WaitingPoints().OrderBy(w => w.Kind))
        {
            var type = Document.Find(wait.ActivityId)?.Type ?? "";
            switch (wait.Kind)
            {
                case WaitKind.Task when TaskOf(wait) is { } task:
                    waits.Add(new SimulationWait(wait.ActivityId, type, wait.Kind, JsonSerializer.Deserialize<string[]>(task.OutcomesJson) ?? [], task.CandidateGroup, task.DueAt));
                    break;
                case WaitKind.Timer:
                    waits.Add(new SimulationWait(wait.ActivityId, type, wait.Kind, [TimerOutcome], null, TimerOf(wait)?.DueAt));
                    break;
                case WaitKind.Event:
                    waits.Add(new SimulationWait(wait.ActivityId, type, wait.Kind, [EventOutcome], null, null));
                    break;
            }
        }
        return waits;
    }

    private async Task ApplyAsync(SimulationChoice choice, string field, IReadOnlyList<WaitPoint> waits, string actor, CancellationToken cancellationToken)
    {
        var here = waits.Where(w => w.ActivityId == choice.ActivityId).ToList();
        if (here.Count == 0)
            throw new InvalidRequestException($"{field}.activityId",
                Bilingual.Text($"流程此时不在“{choice.ActivityId}”等待，它在以下活动等待：{string.Join("、", waits.Select(w => w.ActivityId).Distinct())}。",
                    $"The flow does not wait at '{choice.ActivityId}' at this point; it waits at: {string.Join(", ", waits.Select(w => w.ActivityId).Distinct())}."));
        switch (choice.Outcome)
        {
            case TimerOutcome:
                await FireTimerAsync(here.FirstOrDefault(w => w.Kind == WaitKind.Timer)
                    ?? throw new InvalidRequestException($"{field}.outcome", Bilingual.Text($"“{choice.ActivityId}”没有等待中的定时器。", $"'{choice.ActivityId}' has no timer waiting.")), cancellationToken);
                break;
            case EventOutcome:
                var bookmark = here.FirstOrDefault(w => w.Kind == WaitKind.Event)
                    ?? throw new InvalidRequestException($"{field}.outcome", Bilingual.Text($"“{choice.ActivityId}”不在等待事件。", $"'{choice.ActivityId}' does not wait for an event."));
                // Resume this instance only: publishing the event would also reach real instances waiting for its name.
                DetachAdded<WorkflowEventBookmark>(bookmark.BookmarkId);
                await _runtime.ResumeAsync(Instance!.Id, new ResumeSignal(WaitKind.Event, bookmark.BookmarkId, null, choice.FormData?.DeepClone(), actor), cancellationToken);
                break;
            default:
                var task = here.FirstOrDefault(w => w.Kind == WaitKind.Task)
                    ?? throw new InvalidRequestException($"{field}.outcome", Bilingual.Text(
                        $"“{choice.ActivityId}”等待的是{string.Join("和", here.Select(w => WaitKindZh(w.Kind)))}，不是人工任务；请使用“{(here[0].Kind == WaitKind.Timer ? TimerOutcome : EventOutcome)}”。",
                        $"'{choice.ActivityId}' waits on {string.Join(" and ", here.Select(w => w.Kind.ToString().ToLowerInvariant()))}, not a task; use '{(here[0].Kind == WaitKind.Timer ? TimerOutcome : EventOutcome)}'."));
                if (string.IsNullOrWhiteSpace(choice.Outcome))
                    throw new InvalidRequestException($"{field}.outcome", Bilingual.Text("请选择任务的一个办理结果。", "Choose one of the task's outcomes."));
                try
                {
                    await _tasks.CompleteAsync(task.BookmarkId, choice.Outcome, choice.FormData, actor, cancellationToken);
                }
                catch (InvalidRequestException e)
                {
                    throw new InvalidRequestException($"{field}.{e.Field}", e.Message);
                }
                break;
        }
    }

    private async Task FireTimerAsync(WaitPoint wait, CancellationToken cancellationToken)
    {
        if (TimerOf(wait) is { } timer)
        {
            Clock.AdvanceTo(timer.DueAt);
            DetachAdded<WorkflowTimer>(timer.Id);
        }
        await _runtime.ResumeAsync(Instance!.Id, new ResumeSignal(WaitKind.Timer, wait.BookmarkId, Actor: "system:timer"), cancellationToken);
    }

    private static string WaitKindZh(WaitKind kind) => kind switch
    {
        WaitKind.Timer => "定时器",
        WaitKind.Event => "事件",
        _ => "人工任务",
    };

    private HumanTask? TaskOf(WaitPoint wait) => _db.Set<HumanTask>().Local.FirstOrDefault(t => t.Id == wait.BookmarkId);

    private WorkflowTimer? TimerOf(WaitPoint wait) => _db.Set<WorkflowTimer>().Local.FirstOrDefault(t => t.Id == wait.BookmarkId);

    // A real timer or bookmark is deleted in the transaction that applies it; here it was never saved, so it is just forgotten.
    private void DetachAdded<T>(Guid id) where T : class
    {
        var entry = _db.ChangeTracker.Entries<T>().FirstOrDefault(e => Equals(e.Property("Id").CurrentValue, id));
        if (entry is not null)
            entry.State = EntityState.Detached;
    }

    /// <summary>The simulated instance's journal so far, in order.</summary>
    public IReadOnlyList<WorkflowJournalEntry> Journal() =>
        [.. _db.Set<WorkflowJournalEntry>().Local.Where(j => j.InstanceId == Instance?.Id).OrderBy(j => j.Sequence)];

    public IReadOnlyList<WorkflowIncident> Incidents() =>
        [.. _db.Set<WorkflowIncident>().Local.Where(i => i.InstanceId == Instance?.Id && i.ResolvedAt == null).OrderBy(i => i.CreatedAt)];

    /// <summary>The tasks the simulated instance created, open or done.</summary>
    public IReadOnlyList<HumanTask> Tasks() =>
        [.. _db.Set<HumanTask>().Local.Where(t => t.InstanceId == Instance?.Id).OrderBy(t => t.CreatedAt)];
}
