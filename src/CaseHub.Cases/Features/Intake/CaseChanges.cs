using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Intake;

/// <summary>
/// Tells listeners in this process that cases were added or changed, after the change is saved. The web host turns it
/// into a live "refresh" for open workbenches; it carries no case data, so nobody learns of a case they may not see.
/// </summary>
public sealed class CaseChanges
{
    public event Action? Saved;

    /// <summary>Whether the pending changes touch a case; asked before saving, because afterwards the tracker has forgotten.</summary>
    public static bool Pending(DbContext db) =>
        db.ChangeTracker.Entries<Case>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    public void Notify() => Saved?.Invoke();
}
