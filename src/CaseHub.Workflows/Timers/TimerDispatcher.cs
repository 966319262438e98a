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

/// <summary>
/// A handler whose timers may fire many to a transaction (up to <see cref="TimerOptions.BatchSize"/>), for kinds that
/// fall due in crowds, such as cards at a deadline. <see cref="PrepareAsync"/> loads what the batch needs in a few
/// queries before each timer fires. If any timer of a batch fails, the batch rolls back and each fires on its own.
/// </summary>
public interface IBatchTimerHandler : ITimerHandler
{
    Task PrepareAsync(IReadOnlyList<WorkflowTimer> timers, CancellationToken cancellationToken);
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

    /// <summary>Most timers of a batch kind (<see cref="IBatchTimerHandler"/>) fired in one transaction. Default 200.</summary>
    public int BatchSize { get; set; } = 200;

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
            var batch = await FireBatchAsync(Math.Min(options.BatchSize, max - fired), cancellationToken);
            if (batch > 0)
            {
                fired += batch;
                continue;
            }
            var outcome = await FireOneAsync(null, cancellationToken);
            if (outcome == FireOutcome.NoneDue)
                break;
            if (outcome == FireOutcome.Fired)
                fired++;
        }
        return fired;
    }

    private enum FireOutcome { NoneDue, Fired, Failed }

    /// <summary>Fires up to <paramref name="size"/> due timers of batch kinds in one transaction; 0 when none is due or the batch failed.</summary>
    private async Task<int> FireBatchAsync(int size, CancellationToken cancellationToken)
    {
        if (size <= 1)
            return 0;
        List<Guid> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var handlers = scope.ServiceProvider.GetServices<ITimerHandler>().OfType<IBatchTimerHandler>().ToDictionary(h => h.Kind);
            if (handlers.Count == 0)
                return 0;
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var timers = await ClaimBatchAsync(db, [.. handlers.Keys], time.GetUtcNow(), size, cancellationToken);
            if (timers.Count == 0)
                return 0;
            claimed = [.. timers.Select(t => t.Id)];
            try
            {
                foreach (var group in timers.GroupBy(t => t.Kind))
                {
                    var handler = handlers[group.Key];
                    await handler.PrepareAsync([.. group], cancellationToken);
                    foreach (var timer in group)
                    {
                        await handler.FireAsync(timer, cancellationToken);
                        db.Remove(timer);
                    }
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return timers.Count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                LogBatchFailed(timers.Count, e);
            }
        }
        // One bad timer must not hold back the rest: fire each on its own, where a failure postpones only that one.
        var fired = 0;
        foreach (var id in claimed)
            fired += await FireOneAsync(id, cancellationToken) == FireOutcome.Fired ? 1 : 0;
        return fired;
    }

    private static async Task<List<WorkflowTimer>> ClaimBatchAsync(DbContext db, string[] kinds, DateTimeOffset now, int size, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            return await db.Set<WorkflowTimer>()
                .FromSql($"SELECT * FROM workflow_timers WHERE due_at <= {now} AND kind = ANY({kinds}) ORDER BY due_at LIMIT {size} FOR UPDATE SKIP LOCKED")
                .ToListAsync(cancellationToken);
        return await db.Set<WorkflowTimer>().Where(t => t.DueAt <= now && kinds.Contains(t.Kind)).OrderBy(t => t.DueAt).Take(size).ToListAsync(cancellationToken);
    }

    /// <summary>Fires the earliest due timer, or the one with <paramref name="timerId"/> if it is still due.</summary>
    private async Task<FireOutcome> FireOneAsync(Guid? only, CancellationToken cancellationToken)
    {
        Guid timerId;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var timer = await ClaimAsync(db, only, time.GetUtcNow(), cancellationToken);
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

    private static async Task<WorkflowTimer?> ClaimAsync(DbContext db, Guid? only, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (only is { } id)
        {
            if (db.Database.IsNpgsql())
                return (await db.Set<WorkflowTimer>()
                    .FromSql($"SELECT * FROM workflow_timers WHERE id = {id} AND due_at <= {now} FOR UPDATE SKIP LOCKED")
                    .ToListAsync(cancellationToken)).FirstOrDefault();
            return await db.Set<WorkflowTimer>().FirstOrDefaultAsync(t => t.Id == id && t.DueAt <= now, cancellationToken);
        }
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

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "A batch of {Count} timers failed; firing them one by one")]
    private partial void LogBatchFailed(int count, Exception error);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Timer {TimerId} ({Kind}) failed and will be retried")]
    private partial void LogTimerFailed(Guid timerId, string kind, Exception error);
}

internal static class DatabaseFacadeExtensions
{
    public static bool IsNpgsql(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) =>
        database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
}
