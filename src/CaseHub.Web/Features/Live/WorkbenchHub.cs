using CaseHub.Cases.Features.Intake;
using CaseHub.Web.Features.Access;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Features.Live;

/// <summary>
/// Live updates for open workbenches: <c>casesChanged</c> tells every signed-in client to refetch its (scoped) queues.
/// The message carries no case data. Only changes saved by this node are announced; with several nodes, each client
/// also refreshes on its own timer.
/// </summary>
public sealed class WorkbenchHub : Hub
{
    public const string Route = "/hubs/workbench";
    public const string CasesChanged = "casesChanged";
}

/// <summary>Coalesces case changes into at most one <see cref="WorkbenchHub.CasesChanged"/> per <see cref="Interval"/>.</summary>
internal sealed class WorkbenchBroadcaster(CaseChanges changes, IHubContext<WorkbenchHub> hub) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private int _pending;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnSaved() => Interlocked.Exchange(ref _pending, 1);
        changes.Saved += OnSaved;
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
                if (Interlocked.Exchange(ref _pending, 0) == 1)
                    await hub.Clients.All.SendAsync(WorkbenchHub.CasesChanged, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Saved -= OnSaved;
        }
    }
}

public static class LiveSetup
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddHostedService<WorkbenchBroadcaster>();
        return services;
    }

    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder app)
    {
        app.MapHub<WorkbenchHub>(WorkbenchHub.Route).RequireAuthorization(Policies.Staff);
        return app;
    }
}
