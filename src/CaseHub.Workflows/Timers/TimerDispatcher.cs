using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseHub.Workflows.Timers;

public static class WorkflowTimers
{
    /// <summary>The timer kind that resumes the activity that created it.</summary>
    public const string ResumeKind = "workflow.resume";
}

/// <summary>Applies a due timer of one <see cref="Kind"/>. Runs inside the transaction that deletes the timer; it must not save.</summary>
public interface ITimerHandler
{
    string Kind { get; }
    Task FireAsync(WorkflowTimer timer, CancellationToken cancellationToken);
}

internal sealed class ResumeTimerHandler(WorkflowRuntime runtime) : ITimerHandler
{
    public string Kind => WorkflowTimers.ResumeKind;

    public async Task FireAsync(WorkflowTimer timer, CancellationToken cancellationToken)
    {
        if (timer.InstanceId is not { } instanceId)
            return;
        try
        {
            await runtime.ResumeAsync(instanceId, new ResumeSignal(WaitKind.Timer, timer.Id, Actor: "system:timer"), cancellationToken);
        }
        catch (InvalidStateException)
        {
            // The instance moved on (cancelled, finished, or the wait was cancelled): the timer has nothing left to do.
        }
    }
}

public sealed class TimerOptions
{
    /// <summary>Run the timer worker on this node. Default true; a node that only serves requests may turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often an idle worker looks for due timers. Default 200 ms, so a timer fires well within a second of its due time.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Parallel claim loops per node (PostgreSQL only; SQLite always uses one). Default 1.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Longest wait before a failing timer is tried again. Default 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Claims due timers and applies each in its own transaction: the effect and the timer's deletion commit
/// together, so a timer takes effect exactly once. On PostgreSQL the claim is <c>FOR UPDATE SKIP LOCKED</c>,
/// so several nodes can share one database.
/// </summary>
public sealed partial class TimerDispatcher(IServiceScopeFactory scopes, TimeProvider time, TimerOptions options, ILogger<TimerDispatcher> logger)
{
    /// <summary>Fires due timers until none is left or <paramref name="max"/> have fired; returns how many fired.</summary>
    public async Task<int> FireDueAsync(int max = 1000, CancellationToken cancellationToken = default)
    {
        var fired = 0;
        while (fired < max && !cancellationToken.IsCancellationRequested)
        {
            var outcome = await FireOneAsync(cancellationToken);
            if (outcome == FireOutcome.NoneDue)
                break;
            if (outcome == FireOutcome.Fired)
                fired++;
        }
        return fired;
    }

    private enum FireOutcome { NoneDue, Fired, Failed }

    private async Task<FireOutcome> FireOneAsync(CancellationToken cancellationToken)
    {
        Guid timerId;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var timer = await ClaimAsync(db, time.GetUtcNow(), cancellationToken);
            if (timer is null)
                return FireOutcome.NoneDue;
            timerId = timer.Id;
            try
            {
                var handler = scope.ServiceProvider.GetServices<ITimerHandler>().FirstOrDefault(h => h.Kind == timer.Kind)
                    ?? throw new InvalidOperationException($"No handler for timer kind '{timer.Kind}'.");
                await handler.FireAsync(timer, cancellationToken);
                db.Remove(timer);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return FireOutcome.Fired;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                LogTimerFailed(timer.Id, timer.Kind, e);
                await PostponeAsync(timerId, e, cancellationToken);
                return FireOutcome.Failed;
            }
        }
    }

    private static async Task<WorkflowTimer?> ClaimAsync(DbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var rows = await db.Set<WorkflowTimer>()
                .FromSql($"SELECT * FROM workflow_timers WHERE due_at <= {now} ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .ToListAsync(cancellationToken);
            return rows.FirstOrDefault();
        }
        // SQLite runs on one node with one worker, so no row lock is needed.
        return await db.Set<WorkflowTimer>().Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Backs off a failing timer so that it neither blocks the others nor is lost.</summary>
    private async Task PostponeAsync(Guid timerId, Exception error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var timer = await db.Set<WorkflowTimer>().FindAsync([timerId], cancellationToken);
        if (timer is null)
            return;
        timer.Attempts++;
        var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, timer.Attempts), options.MaxRetryDelay.TotalSeconds));
        timer.DueAt = time.GetUtcNow() + delay;
        var message = error.Message;
        timer.LastError = message.Length > 2000 ? message[..2000] : message;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node fired or postponed it meanwhile; nothing to do.
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Timer {TimerId} ({Kind}) failed and will be retried")]
    private partial void LogTimerFailed(Guid timerId, string kind, Exception error);
}

internal static class DatabaseFacadeExtensions
{
    public static bool IsNpgsql(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) =>
        database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
}
