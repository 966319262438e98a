namespace CaseHub.Workflows.Persistence;

/// <summary>A row whose concurrent updates must not overwrite each other; <see cref="RowVersion"/> is bumped on every save.</summary>
public interface IConcurrencyVersioned
{
    long RowVersion { get; set; }
}

public enum DefinitionStatus
{
    Draft = 0,
    Published = 1,
}

/// <summary>One version of a workflow definition: the draft being edited, or a published, immutable version.</summary>
public sealed class WorkflowDefinitionVersion : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DefinitionStatus Status { get; set; }
    /// <summary>The Elsa-3 JSON, as saved.</summary>
    public required string Json { get; set; }
    /// <summary>SHA-256 of the file this version came from, so a restart imports a file only when it changed.</summary>
    public string? SourceHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? CreatedBy { get; set; }
    public long RowVersion { get; set; }
}

/// <summary>As in Elsa: Running while it executes, Suspended while it waits on a task, timer or event.</summary>
public enum WorkflowStatus
{
    Running = 0,
    Suspended = 1,
    Finished = 2,
    Cancelled = 3,
    Faulted = 4,
}

public static class WorkflowInstanceQueries
{
    /// <summary>Instances not yet over: running, waiting, or faulted (a fault can be retried). Translates to SQL.</summary>
    public static IQueryable<WorkflowInstance> NotOver(this IQueryable<WorkflowInstance> instances) =>
        instances.Where(i => i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Suspended || i.Status == WorkflowStatus.Faulted);
}

public sealed class WorkflowInstance : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public required string DefinitionId { get; set; }
    /// <summary>The exact version this instance started on; publishing later versions never changes it.</summary>
    public Guid DefinitionVersionId { get; set; }
    public int DefinitionVersion { get; set; }
    public WorkflowStatus Status { get; set; }
    public string? CorrelationId { get; set; }
    public string InputJson { get; set; } = "{}";
    public string VariablesJson { get; set; } = "{}";
    /// <summary>Where the instance waits, join tokens and activity outputs; see <c>InstanceState</c>.</summary>
    public string StateJson { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long RowVersion { get; set; }
}

public enum HumanTaskStatus
{
    Open = 0,
    Completed = 1,
    Cancelled = 2,
}

/// <summary>Work for a person or a candidate group (a department or a queue).</summary>
public sealed class HumanTask : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    /// <summary>The activity type that created the task, so case features can find their own tasks.</summary>
    public required string ActivityType { get; set; }
    public required string Title { get; set; }
    public required string CandidateGroup { get; set; }
    public string? Assignee { get; set; }
    public int Priority { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public HumanTaskStatus Status { get; set; }
    /// <summary>The allowed outcomes as a JSON array; each is a port of the activity.</summary>
    public string OutcomesJson { get; set; } = "[]";
    public string? Outcome { get; set; }
    public string? FormDataJson { get; set; }
    public string? CorrelationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public long RowVersion { get; set; }
}

/// <summary>
/// A durable wake-up. The row is written in the same transaction as the state that needs it,
/// and deleted in the same transaction as its effect, so each timer takes effect exactly once.
/// </summary>
public sealed class WorkflowTimer
{
    public Guid Id { get; set; }
    /// <summary>Selects the <c>ITimerHandler</c>; <c>workflow.resume</c> resumes a waiting activity.</summary>
    public required string Kind { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public Guid? InstanceId { get; set; }
    public string? ActivityId { get; set; }
    /// <summary>What a timer that is not an activity's wait is about (e.g. a case deadline), so its owner can find and cancel it.</summary>
    public Guid? SubjectId { get; set; }
    public string? PayloadJson { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An instance waiting for a named event, optionally for one correlation id only.</summary>
public sealed class WorkflowEventBookmark
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string EventName { get; set; }
    public string? CorrelationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum JournalEvent
{
    Executed = 0,
    Waiting = 1,
    Resumed = 2,
    Faulted = 3,
    Cancelled = 4,
    Log = 5,
}

/// <summary>One activity execution (or a line it wrote), for the timeline and the designer's path view.</summary>
public sealed class WorkflowJournalEntry
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Sequence { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public JournalEvent Event { get; set; }
    /// <summary>Comma-separated outcomes taken, when the activity completed.</summary>
    public string? Outcome { get; set; }
    public string? Message { get; set; }
    public string? Actor { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
}

/// <summary>A fault on an instance: visible, and retryable from the activity that failed.</summary>
public sealed class WorkflowIncident
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public required string Message { get; set; }
    public string? Detail { get; set; }
    /// <summary>The resume signal the activity was handling when it failed; null when it failed on execution.</summary>
    public string? ResumeSignalJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}
