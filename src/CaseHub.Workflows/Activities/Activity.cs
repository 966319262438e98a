using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Activities;

/// <summary>
/// An activity type. One instance serves every node of its type, so it keeps no per-node state;
/// what must survive a wait lives in the instance, through <see cref="ActivityContext"/>.
/// </summary>
public abstract class Activity
{
    public abstract ActivityDescriptor Descriptor { get; }

    public string TypeName => Descriptor.TypeName;

    /// <summary>The ports this node offers, which may depend on its inputs (switch cases, task outcomes).</summary>
    public virtual IReadOnlyList<string> GetOutcomes(ActivityNode node) => [.. Descriptor.Outcomes.Select(o => o.Name)];

    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>
    /// Checks a task completion before anything changes, so a bad form is a 400 naming the field rather
    /// than an incident. Throw <see cref="InvalidRequestException"/> or <see cref="ValidationFailedException"/>.
    /// </summary>
    public virtual ValueTask ValidateCompletionAsync(Persistence.HumanTask task, string outcome, System.Text.Json.Nodes.JsonObject? formData,
        IServiceProvider services, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// The same check for activities whose rules depend on when the task is completed: <see cref="TaskCompletion.At"/>
    /// is the engine's clock, which a replay or the demo seeder sets, not the wall clock.
    /// </summary>
    public virtual ValueTask ValidateCompletionAsync(TaskCompletion completion, IServiceProvider services, CancellationToken cancellationToken) =>
        ValidateCompletionAsync(completion.Task, completion.Outcome, completion.FormData, services, cancellationToken);

    /// <summary>Called when a bookmark this activity created is triggered: a task completed, a timer fired, an event arrived.</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal) =>
        throw new InvalidOperationException($"{TypeName} does not wait, so it cannot be resumed.");
}

/// <summary>What an activity did: continue through outcomes, wait, or end the whole workflow.</summary>
public sealed record ActivityResult
{
    private ActivityResult(ActivityResultKind kind, IReadOnlyList<string> outcomes)
    {
        Kind = kind;
        Outcomes = outcomes;
    }

    public ActivityResultKind Kind { get; }
    public IReadOnlyList<string> Outcomes { get; }

    public static ActivityResult Done(params string[] outcomes) => new(ActivityResultKind.Completed, outcomes.Length == 0 ? ["Done"] : outcomes);
    public static ActivityResult Done(IReadOnlyList<string> outcomes) => new(ActivityResultKind.Completed, outcomes);
    /// <summary>Stops this path without an outcome (Elsa.End).</summary>
    public static ActivityResult EndPath() => new(ActivityResultKind.Completed, []);
    /// <summary>The activity created a bookmark (task, timer or event) and waits on it.</summary>
    public static ActivityResult Wait() => new(ActivityResultKind.Waiting, []);
    /// <summary>Ends the whole instance, cancelling every other path (Elsa.Finish).</summary>
    public static ActivityResult FinishWorkflow() => new(ActivityResultKind.FinishWorkflow, []);
}

public enum ActivityResultKind
{
    Completed,
    Waiting,
    FinishWorkflow,
}

public enum WaitKind
{
    Task,
    Timer,
    Event,
}

/// <summary>Why a waiting activity is resumed, with what the outside world sent along.</summary>
public sealed record ResumeSignal(WaitKind Kind, Guid BookmarkId, string? Outcome = null, System.Text.Json.Nodes.JsonNode? Payload = null, string? Actor = null);

/// <summary>A task about to be completed: with which outcome and form, and when.</summary>
public sealed record TaskCompletion(Persistence.HumanTask Task, string Outcome, System.Text.Json.Nodes.JsonObject? FormData, DateTimeOffset At);
