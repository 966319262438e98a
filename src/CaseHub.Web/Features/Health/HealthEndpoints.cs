using CaseHub.Cases.Data;
using CaseHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Health;

public static class HealthEndpoints
{
    /// <summary><c>GET /health</c>: 200 when the database answers and the timer worker polls; 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (CaseHubDbContext db, DatabaseOptions database, TimerWorkerStatus timers, CaseHub.Workflows.Timers.TimerOptions timerOptions,
            TimeProvider time, CancellationToken cancellationToken) =>
        {
            string? databaseError = null;
            try
            {
                if (!await db.Database.CanConnectAsync(cancellationToken))
                    databaseError = "cannot connect";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                databaseError = e.Message;
            }
            // A worker that has not polled for many intervals is stuck, even if it has not thrown.
            var stale = timers.LastPollAt is not { } last || time.GetUtcNow() - last > timerOptions.PollInterval * 50 + TimeSpan.FromSeconds(30);
            var timersHealthy = !timerOptions.Enabled || (timers.Running && timers.LastError is null && !stale);
            var healthy = databaseError is null && timersHealthy;
            var body = new
            {
                status = healthy ? "Healthy" : "Unhealthy",
                database = new { status = databaseError is null ? "Healthy" : "Unhealthy", provider = database.Provider.ToString(), error = databaseError },
                timerWorker = new { status = timersHealthy ? "Healthy" : "Unhealthy", enabled = timerOptions.Enabled, running = timers.Running, lastPollAt = timers.LastPollAt, fired = Interlocked.Read(ref timers.Fired), error = timers.LastError },
            };
            return healthy ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithName("Health").WithTags("Health").AllowAnonymous();
        return app;
    }
}
