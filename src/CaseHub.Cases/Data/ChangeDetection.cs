using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CaseHub.Cases.Data;

/// <summary>
/// EF compares every tracked row with its snapshot whenever entries or <c>DbSet.Local</c> are read. An intake tracks
/// some thirty rows and reads entries a dozen times, so those passes were a tenth of its CPU; these helpers do one.
/// </summary>
public static class ChangeDetection
{
    /// <summary>Detects changes now (if the context does so automatically) and not again until disposed.</summary>
    public static Pause DetectOnceUntilDisposed(this DbContext db)
    {
        var tracker = db.ChangeTracker;
        var wasOn = tracker.AutoDetectChangesEnabled;
        if (wasOn)
            tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        return new Pause(tracker, wasOn);
    }

    /// <summary>Pauses automatic detection until disposed, for reads that do not depend on changed property values.</summary>
    public static Pause WithoutDetectingChanges(this DbContext db)
    {
        var tracker = db.ChangeTracker;
        var wasOn = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        return new Pause(tracker, wasOn);
    }

    public readonly struct Pause(ChangeTracker tracker, bool wasOn) : IDisposable
    {
        public void Dispose() => tracker.AutoDetectChangesEnabled = wasOn;
    }
}
