using System.Linq.Expressions;

namespace CaseHub.Cases.Features.Intake;

/// <summary>A dispatcher's queue that is a condition on the case row: the query's condition, and the same in SQL for its index.</summary>
public sealed record CaseQueue(string Name, Expression<Func<Case, bool>> Condition, string IndexFilter);

/// <summary>
/// The dispatcher's queues held in the case row. Each has a small partial index, oldest first, carrying the scope columns,
/// so that a page and a capped count read only that index even at 10 M cases. PostgreSQL uses a partial index only when
/// the query's condition implies the index's filter, so the two are written side by side and must say the same thing.
/// </summary>
public static class CaseQueues
{
    public static readonly IReadOnlyList<CaseQueue> All =
    [
        new("new", c => c.Status == CaseStatus.New, "status = 0"),
        new("unmatched", c => c.Status == CaseStatus.PendingDispatch && c.ReturnCount == 0 && c.ProbableDuplicateOfId == null,
            "status = 1 AND return_count = 0 AND probable_duplicate_of_id IS NULL"),
        new("returned", c => c.Status == CaseStatus.PendingDispatch && c.ReturnCount > 0, "status = 1 AND return_count > 0"),
        new("duplicates", c => c.Status == CaseStatus.PendingDispatch && c.ProbableDuplicateOfId != null && c.DuplicateOfId == null,
            "status = 1 AND probable_duplicate_of_id IS NOT NULL AND duplicate_of_id IS NULL"),
    ];

    public static string IndexName(CaseQueue queue) => $"ix_cases_queue_{queue.Name}";
}
