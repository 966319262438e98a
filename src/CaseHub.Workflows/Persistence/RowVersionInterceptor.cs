using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseHub.Workflows.Persistence;

/// <summary>
/// Bumps <see cref="IConcurrencyVersioned.RowVersion"/> on every modified row, so that EF's
/// <c>WHERE row_version = @original</c> turns a lost update into a concurrency exception on every provider.
/// </summary>
public sealed class RowVersionInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Bump(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Bump(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Bumps the row version of every modified row in <paramref name="context"/>.</summary>
    public static void Bump(DbContext? context)
    {
        if (context is null)
            return;
        foreach (var entry in context.ChangeTracker.Entries<IConcurrencyVersioned>())
        {
            // Through the property entry, so the new version is saved even when the caller has already detected changes.
            if (entry.State == EntityState.Modified)
                entry.Property(e => e.RowVersion).CurrentValue = entry.Entity.RowVersion + 1;
        }
    }
}
