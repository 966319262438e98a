using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Assessment;

/// <summary>
/// A surge: on <see cref="Day"/>, more cases of one item in one area than the trailing 28 days make plausible,
/// e.g. EV-charging complaints arriving through every channel. At most one per (day, item, area).
/// </summary>
public sealed class SpikeAlert : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    /// <summary>The local day of the surge.</summary>
    public DateOnly Day { get; set; }
    public Guid ItemId { get; set; }
    /// <summary>The cases' jurisdiction (属地): the street of their grid, or the finest unit their address resolved to.</summary>
    public Guid AreaId { get; set; }
    public int Count { get; set; }
    /// <summary>Mean cases a day over the 28 days before <see cref="Day"/> (days without cases count as 0).</summary>
    public double Mean { get; set; }
    /// <summary>Sample standard deviation over the same 28 days.</summary>
    public double StdDev { get; set; }
    /// <summary>Mean + StdDevs × StdDev at detection: the count had to exceed it.</summary>
    public double Threshold { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public long RowVersion { get; set; }
}

internal sealed class SpikeAlertConfiguration : IEntityTypeConfiguration<SpikeAlert>
{
    public void Configure(EntityTypeBuilder<SpikeAlert> e)
    {
        e.ToTable("spike_alerts");
        e.HasKey(x => x.Id);
        e.Property(x => x.AcknowledgedBy).HasMaxLength(100);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<Item>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.AreaId).OnDelete(DeleteBehavior.Restrict);
        // Re-running a day's detection must not raise the same alert twice, also when two nodes run it at once.
        e.HasIndex(x => new { x.Day, x.ItemId, x.AreaId }).IsUnique().HasDatabaseName("ux_spike_alerts_day_item_area");
        e.HasIndex(x => x.ItemId).HasDatabaseName("ix_spike_alerts_item");
        e.HasIndex(x => x.AreaId).HasDatabaseName("ix_spike_alerts_area");
    }
}

/// <summary>
/// The daily spike pass. For one local day it counts the cases received per (item, jurisdiction) from the cases'
/// received-time index (one day's range), keeps the pairs with at least <see cref="SpikeOptions.MinCount"/>, counts
/// those items over each of the 28 days before, and raises an alert where the day's count exceeds
/// mean + <see cref="SpikeOptions.StdDevs"/> × sample standard deviation. The cost follows 29 days of intake,
/// not the size of the cases table.
/// </summary>
public sealed class SpikeDetection(IServiceScopeFactory scopes, AssessmentOptions options, IntakeOptions intake, TimeProvider time)
{
    public const int HistoryDays = 28;
    private const string LastDayCounter = "assessment:spike-last-day";

    /// <summary>Detects spikes on <paramref name="day"/> and returns that day's alerts, new and old. Running it again raises nothing twice.</summary>
    public async Task<IReadOnlyList<SpikeAlert>> DetectAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var zone = intake.LocalTimeZone();
        var counts = await CountAsync(db, day, null, zone, cancellationToken);
        var candidates = counts.Where(c => c.Value >= options.Spike.MinCount).ToDictionary();
        if (candidates.Count > 0)
        {
            var items = candidates.Keys.Select(k => k.Item).Distinct().ToList();
            var history = new List<Dictionary<(Guid Item, Guid Area), int>>(HistoryDays);
            for (var back = 1; back <= HistoryDays; back++)
                history.Add(await CountAsync(db, day.AddDays(-back), items, zone, cancellationToken));

            var existing = (await db.Set<SpikeAlert>().Where(a => a.Day == day).Select(a => new { a.ItemId, a.AreaId }).ToListAsync(cancellationToken))
                .Select(a => (a.ItemId, a.AreaId)).ToHashSet();
            foreach (var ((item, area), count) in candidates)
            {
                var past = history.Select(h => (double)h.GetValueOrDefault((item, area))).ToList();
                var mean = past.Average();
                var sd = Math.Sqrt(past.Sum(x => (x - mean) * (x - mean)) / (past.Count - 1));
                var threshold = mean + options.Spike.StdDevs * sd;
                if (count > threshold && !existing.Contains((item, area)))
                {
                    db.Add(new SpikeAlert
                    {
                        Id = Guid.CreateVersion7(time.GetUtcNow()), Day = day, ItemId = item, AreaId = area, Count = count,
                        Mean = mean, StdDev = sd, Threshold = threshold, RaisedAt = time.GetUtcNow(),
                    });
                }
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node raised the same alerts at the same moment; theirs stand.
                db.ChangeTracker.Clear();
            }
        }
        return await db.Set<SpikeAlert>().AsNoTracking().Where(a => a.Day == day).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Runs the pass for each finished local day not yet scanned (at most the last 7, so a node off for months does
    /// not scan them all); the first run scans yesterday. Returns how many days were scanned.
    /// </summary>
    public async Task<int> DetectDueAsync(CancellationToken cancellationToken = default)
    {
        var yesterday = LocalDays.DayOf(time.GetUtcNow(), intake.LocalTimeZone()).AddDays(-1);
        long? last;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            last = await db.Set<Counter>().Where(c => c.Name == LastDayCounter).Select(c => (long?)c.Value).FirstOrDefaultAsync(cancellationToken);
        }
        var first = Math.Max(last is { } l ? (int)l + 1 : yesterday.DayNumber, yesterday.DayNumber - 6);
        var scanned = 0;
        for (var dayNumber = first; dayNumber <= yesterday.DayNumber; dayNumber++)
        {
            await DetectAsync(DateOnly.FromDayNumber(dayNumber), cancellationToken);
            await MarkScannedAsync(dayNumber, cancellationToken);
            scanned++;
        }
        return scanned;
    }

    private async Task MarkScannedAsync(long dayNumber, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        // Only forward: a slower node finishing an older day must not move the mark back.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO counters (name, value) VALUES ({LastDayCounter}, {dayNumber}) ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE counters.value < excluded.value",
            cancellationToken);
    }

    /// <summary>Cases received on the local <paramref name="day"/> per (item, jurisdiction), optionally only of <paramref name="items"/>.</summary>
    private static async Task<Dictionary<(Guid Item, Guid Area), int>> CountAsync(CaseHubDbContext db, DateOnly day, List<Guid>? items, TimeZoneInfo zone,
        CancellationToken cancellationToken)
    {
        var (start, end) = (LocalDays.StartOf(day, zone), LocalDays.StartOf(day.AddDays(1), zone));
        var cases = db.Set<Case>().Where(c => c.ReceivedAt >= start && c.ReceivedAt < end && c.ItemId != null && c.JurisdictionId != null);
        if (items is not null)
            cases = cases.Where(c => items.Contains(c.ItemId!.Value));
        var rows = await cases.GroupBy(c => new { c.ItemId, c.JurisdictionId })
            .Select(g => new { g.Key.ItemId, g.Key.JurisdictionId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.ItemId!.Value, r.JurisdictionId!.Value), r => r.Count);
    }
}
