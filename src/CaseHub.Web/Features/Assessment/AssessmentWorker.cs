using CaseHub.Cases.Features.Assessment;

namespace CaseHub.Web.Features.Assessment;

/// <summary>
/// Every <see cref="AssessmentOptions.FoldInterval"/>: folds pending metric events into the daily rollups, and once a
/// local day has ended, runs the spike pass for it. Safe on several nodes: folds claim disjoint events, and the spike
/// pass is idempotent.
/// </summary>
internal sealed partial class AssessmentWorker(MetricFold fold, SpikeDetection spikes, AssessmentOptions options, ILogger<AssessmentWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WorkerEnabled)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await fold.FoldPendingAsync(stoppingToken);
                await spikes.DetectDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Events and unscanned days stay where they are; the next round tries again.
                LogRoundFailed(e);
            }
            try
            {
                await Task.Delay(options.FoldInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Folding metric events or detecting spikes failed")]
    private partial void LogRoundFailed(Exception error);
}
