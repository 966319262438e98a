using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Data;

/// <summary>
/// PostgreSQL planner settings for one read. They are set with SET LOCAL in a transaction of the read's own, so they
/// end with it and never reach the next request that borrows the pooled connection. Inside a transaction someone else
/// opened, the read runs as it is.
/// </summary>
public static class PlannerSettings
{
    /// <summary>
    /// Plan the statement for its values every time. Npgsql prepares a statement after five runs, and PostgreSQL may
    /// then switch to a generic plan that guesses what the parameters select (a period's size, a page).
    /// </summary>
    public const string PlanForTheValues = "SET LOCAL plan_cache_mode = force_custom_plan";

    public static async Task<T> ReadWithAsync<T>(CaseHubDbContext db, string settings, Func<CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
            return await read(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(settings, cancellationToken);
        var result = await read(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
