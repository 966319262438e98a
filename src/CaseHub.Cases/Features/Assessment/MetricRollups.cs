using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Assessment;

/// <summary>
/// One day's counts of every <see cref="CaseMetric"/> for one unit. A column per metric (not a row per metric)
/// keeps a year of a few hundred departments to about 10⁵ rows, whatever the number of cases. Property names
/// equal the metric names, so the fold can name the columns from the enum.
/// </summary>
public abstract class DailyMetricCounts
{
    /// <summary>The day in the centre's time zone (Intake:TimeZone).</summary>
    public DateOnly Day { get; set; }
    public int Dispatched { get; set; }
    public int DispatchedInTime { get; set; }
    public int AcceptedInTime { get; set; }
    public int Completed { get; set; }
    public int CompletedOnTime { get; set; }
    public int Returned { get; set; }
    public int Reopened { get; set; }
    public int CallbackAnswered { get; set; }
    public int Resolved { get; set; }
    public int Satisfied { get; set; }
    public int PartlySatisfied { get; set; }
    public int BlueCard { get; set; }
    public int YellowCard { get; set; }
    public int RedCard { get; set; }
}

/// <summary>A department's day. Written only by the fold, as additive upserts.</summary>
public sealed class DepartmentDailyMetrics : DailyMetricCounts
{
    public Guid DepartmentId { get; set; }
}

/// <summary>A grid's day; org units add up the grids under them (by <see cref="OrgUnit.Path"/>).</summary>
public sealed class GridDailyMetrics : DailyMetricCounts
{
    public Guid GridId { get; set; }
}

internal sealed class MetricEventConfiguration : IEntityTypeConfiguration<MetricEvent>
{
    public void Configure(EntityTypeBuilder<MetricEvent> e)
    {
        e.ToTable("metric_events");
        e.HasKey(x => x.Id);
        // No foreign keys: the rows live for a minute, and checking four references on every insert would cost the busy path.
    }
}

internal sealed class DepartmentDailyMetricsConfiguration : IEntityTypeConfiguration<DepartmentDailyMetrics>
{
    public void Configure(EntityTypeBuilder<DepartmentDailyMetrics> e)
    {
        e.ToTable(MetricFold.DepartmentTable);
        // Day first: a period query is one range scan of the key, independent of the number of cases.
        e.HasKey(x => new { x.Day, x.DepartmentId });
        // No foreign key: the ids come from cases, which check them, and a rejected row would stall every later fold.
    }
}

internal sealed class GridDailyMetricsConfiguration : IEntityTypeConfiguration<GridDailyMetrics>
{
    public void Configure(EntityTypeBuilder<GridDailyMetrics> e)
    {
        e.ToTable(MetricFold.GridTable);
        e.HasKey(x => new { x.Day, x.GridId });
    }
}
