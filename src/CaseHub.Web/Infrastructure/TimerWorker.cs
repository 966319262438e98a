using CaseHub.Cases.Data;
using CaseHub.Workflows.Timers;

namespace CaseHub.Web.Infrastructure;

/// <summary>What /health reports about the timer worker.</summary>
public sealed class TimerWorkerStatus
{
    public DateTimeOffset? LastPollAt { get; set; }
    public string? LastError { get; set; }
    public long Fired;
    public bool Running { get; set; }
}

/// <summary>Polls for due timers and fires them. On PostgreSQL several loops (and several nodes) may run; SQLite gets one.</summary>
internal sealed partial class TimerWorker(TimerDispatcher dispatcher, TimerOptions options, DatabaseOptions database, TimerWorkerStatus status,
    TimeProvider time, ILogger<TimerWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
            return Task.CompletedTask;
        var loops = database.Provider == DatabaseProvider.Postgres ? Math.Max(1, options.Workers) : 1;
        status.Running = true;
        return Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)))
            .ContinueWith(_ => status.Running = false, TaskScheduler.Default);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var fired = await dispatcher.FireDueAsync(cancellationToken: stoppingToken);
                Interlocked.Add(ref status.Fired, fired);
                status.LastPollAt = time.GetUtcNow();
                status.LastError = null;
                if (fired > 0)
                    continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                status.LastError = e.Message;
                LogPollFailed(e);
            }
            try
            {
                // Real time, not TimeProvider: this is how often to look, while due-ness is judged by TimeProvider.
                await Task.Delay(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Polling for due timers failed")]
    private partial void LogPollFailed(Exception error);
}
