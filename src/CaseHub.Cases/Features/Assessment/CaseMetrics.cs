using CaseHub.Cases.Features.Intake;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Assessment;

/// <summary>
/// A fact that assessment (考核) counts. Each is recorded once, on the day it happens, against the case's
/// department, grid and item. The rollup tables have one column per member, named after it in snake case.
/// </summary>
public enum CaseMetric
{
    /// <summary>派单: the case was dispatched to a department (auto, manual, or a whistle's lead).</summary>
    Dispatched = 1,
    /// <summary>Dispatched within the dispatch time limit (即时分转).</summary>
    DispatchedInTime = 2,
    /// <summary>签收 within the accept time limit (响应).</summary>
    AcceptedInTime = 3,
    /// <summary>办结: the department (or a grid worker on the spot) completed the case.</summary>
    Completed = 4,
    /// <summary>Completed within the completion time limit.</summary>
    CompletedOnTime = 5,
    /// <summary>退单: the department returned the case as not its own.</summary>
    Returned = 6,
    /// <summary>重办: the case was reopened after a "not satisfied" callback.</summary>
    Reopened = 7,
    /// <summary>回访: the citizen answered the callback.</summary>
    CallbackAnswered = 8,
    /// <summary>The citizen said the problem was solved.</summary>
    Resolved = 9,
    /// <summary>满意.</summary>
    Satisfied = 10,
    /// <summary>基本满意.</summary>
    PartlySatisfied = 11,
    /// <summary>蓝牌: the deadline is near.</summary>
    BlueCard = 12,
    /// <summary>黄牌: behind schedule.</summary>
    YellowCard = 13,
    /// <summary>红牌: overdue.</summary>
    RedCard = 14,
}

/// <summary>
/// One counted fact, waiting to be folded into the daily rollups. Rows are only ever inserted (by the state
/// change they describe, in its transaction) and deleted (by the fold), so busy departments never contend
/// on a shared counter row.
/// </summary>
public sealed class MetricEvent
{
    public long Id { get; set; }
    public CaseMetric Metric { get; set; }
    /// <summary>When it happened; the fold counts it on this instant's day in the centre's time zone.</summary>
    public DateTimeOffset At { get; set; }
    public Guid CaseId { get; set; }
    public Guid? DepartmentId { get; set; }
    public Guid? GridId { get; set; }
    public Guid? ItemId { get; set; }
}

public static class CaseMetrics
{
    /// <summary>
    /// Adds a <see cref="MetricEvent"/> to <paramref name="db"/>; it is written by the caller's SaveChanges, in the
    /// same transaction as the state change it counts. The department defaults to the case's current one (pass it
    /// when the change is about to clear it); grid and item are the case's.
    /// </summary>
    public static void Record(DbContext db, CaseMetric metric, Case @case, DateTimeOffset at, Guid? departmentId = null) =>
        db.Set<MetricEvent>().Add(new MetricEvent
        {
            Metric = metric,
            At = at.ToUniversalTime(), // PostgreSQL stores timestamptz from UTC values only
            CaseId = @case.Id,
            DepartmentId = departmentId ?? @case.DepartmentId,
            GridId = @case.GridId,
            ItemId = @case.ItemId,
        });
}
