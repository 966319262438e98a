using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Assessment;

/// <summary>
/// Moves metric events into the daily rollups exactly once: each batch's events are deleted and their sums added
/// to the rollups in one transaction, so a crash leaves either both or neither. On PostgreSQL the batch is claimed
/// <c>FOR UPDATE SKIP LOCKED</c>, so several nodes fold disjoint batches; the additive upsert
/// (<c>ON CONFLICT … DO UPDATE SET n = n + excluded.n</c>) lets them meet on the same rollup row without losing counts.
/// </summary>
public sealed class MetricFold(IServiceScopeFactory scopes, IntakeOptions intake)
{
    public const string DepartmentTable = "metric_daily_departments";
    public const string GridTable = "metric_daily_grids";
    public const int BatchSize = 5000;

    private static readonly CaseMetric[] Metrics = Enum.GetValues<CaseMetric>();
    private static readonly string DepartmentUpsert = UpsertSql(DepartmentTable, "department_id");
    private static readonly string GridUpsert = UpsertSql(GridTable, "grid_id");

    // One fold at a time on this node: the worker and a query folding first would only trip over each other.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Folds every pending event; returns how many were folded.</summary>
    public async Task<int> FoldPendingAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var total = 0;
            while (true)
            {
                var folded = await FoldBatchAsync(cancellationToken);
                total += folded;
                if (folded < BatchSize)
                    return total;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> FoldBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = db.Database.IsNpgsql()
            ? await db.Set<MetricEvent>()
                .FromSql($"SELECT * FROM metric_events ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .AsNoTracking().ToListAsync(cancellationToken)
            // SQLite has one writer, and this node's gate keeps its folds apart.
            : await db.Set<MetricEvent>().AsNoTracking().OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (batch.Count == 0)
            return 0;

        var ids = batch.Select(e => e.Id).ToList();
        var deleted = await db.Set<MetricEvent>().Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        if (deleted != batch.Count)
        {
            // Someone else folded some of them meanwhile; adding ours would count those twice.
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        var zone = intake.LocalTimeZone();
        foreach (var ((day, department), counts) in Sum(batch, e => e.DepartmentId, zone))
            await db.Database.ExecuteSqlRawAsync(DepartmentUpsert, Parameters(day, department, counts), cancellationToken);
        foreach (var ((day, grid), counts) in Sum(batch, e => e.GridId, zone))
            await db.Database.ExecuteSqlRawAsync(GridUpsert, Parameters(day, grid, counts), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private static Dictionary<(DateOnly Day, Guid Unit), int[]> Sum(IEnumerable<MetricEvent> events, Func<MetricEvent, Guid?> unitOf, TimeZoneInfo zone)
    {
        var sums = new Dictionary<(DateOnly, Guid), int[]>();
        foreach (var e in events)
        {
            if (unitOf(e) is not { } unit)
                continue;
            var key = (LocalDays.DayOf(e.At, zone), unit);
            if (!sums.TryGetValue(key, out var counts))
                sums[key] = counts = new int[Metrics.Length];
            counts[Array.IndexOf(Metrics, e.Metric)]++;
        }
        return sums;
    }

    private static object[] Parameters(DateOnly day, Guid unit, int[] counts) => [day, unit, .. counts.Cast<object>()];

    private static string UpsertSql(string table, string unitColumn)
    {
        var columns = Metrics.Select(m => CaseHubDbContext.ToSnakeCase(m.ToString())).ToList();
        var values = string.Join(", ", columns.Select((_, i) => $"{{{i + 2}}}"));
        var additions = string.Join(", ", columns.Select(c => $"{c} = {table}.{c} + excluded.{c}"));
        return $"INSERT INTO {table} (day, {unitColumn}, {string.Join(", ", columns)}) VALUES ({{0}}, {{1}}, {values}) " +
               $"ON CONFLICT (day, {unitColumn}) DO UPDATE SET {additions}";
    }
}

/// <summary>Days in the centre's time zone (Intake:TimeZone), and their boundaries as UTC instants.</summary>
public static class LocalDays
{
    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The instant the day begins, in UTC (PostgreSQL compares timestamptz only with UTC values).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
