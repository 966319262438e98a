using CaseHub.Cases.Features.Access;
using System.Diagnostics;
using System.Globalization;
using Bogus;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace CaseHub.Cases.Features.Demo;

/// <summary>Progress of a bulk load: rows written so far and the time since it began.</summary>
public readonly record struct BulkProgress(long Written, long Total, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Written / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Many cases fast, for benchmarks and index tests: straight into the <c>cases</c> table without HTTP or workflows
/// (binary COPY on PostgreSQL, batched EF inserts on SQLite). The distributions follow the demo city: items weighted
/// as on a hotline, every grid, the department the responsibility rules give for item × grid, and statuses by age
/// (old cases mostly closed, recent ones open). Received times spread over the past 30 days, or longer when a day
/// would exceed the 5-digit daily tracking sequence (about 40,000 a day). Tracking numbers come from the same
/// daily counters as the intake, so later intakes continue the sequence. These cases have no workflow instance.
/// </summary>
public sealed class DemoBulkCases(CaseHubDbContext db, TimeProvider time)
{
    public const int MaxCases = 10_000_000;
    private const int PerDay = 40_000;

    private sealed record GridInfo(Guid Id, Guid StreetId, double Lat, double Lng, string Address, Guid[] Chain);

    public async Task<long> SeedAsync(int count, int seed, int batchSize, Action<BulkProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCases);
        var (grids, items, departmentFor) = await LoadCityAsync(cancellationToken);
        if (grids.Count == 0 || items.Count == 0)
            throw new InvalidOperationException("The database has no grids or items; seed the demo city first.");

        var faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        var random = faker.Random;
        var names = Enumerable.Range(0, 2000).Select(_ => faker.Name.LastName() + faker.Name.FirstName()).ToArray();
        var now = time.GetUtcNow();
        var days = Math.Max(30, (int)Math.Ceiling(count / (double)PerDay));
        var china = TimeSpan.FromHours(8);
        var watch = Stopwatch.StartNew();
        long written = 0;
        var isPostgres = db.Database.IsNpgsql();
        if (!isPostgres)
            db.ChangeTracker.AutoDetectChangesEnabled = false;

        while (written < count)
        {
            var size = (int)Math.Min(batchSize, count - written);
            var batch = new List<Case>(size);
            for (var i = 0; i < size; i++)
            {
                var received = now - TimeSpan.FromSeconds(random.Double(60, days * 86400.0));
                var item = random.Bool(0.5f) ? items[random.Int(0, items.Count / 3)] : items[random.Int(0, items.Count - 1)];
                var grid = grids[random.Int(0, grids.Count - 1)];
                var kind = item.Kinds.Count > 0 ? item.Kinds[random.Int(0, item.Kinds.Count - 1)] : CaseKind.Complaint;
                var status = StatusFor(now - received, random);
                var department = departmentFor(item.Id, grid);
                var @case = new Case
                {
                    Id = Guid.CreateVersion7(received),
                    TrackingNumber = "",
                    Channel = random.WeightedRandom([Channel.Hotline, Channel.CitizenApp, Channel.GridPatrol, Channel.Sensor, Channel.PublicOpinion, Channel.Whistle, Channel.Open311],
                        [0.55f, 0.18f, 0.15f, 0.04f, 0.04f, 0.02f, 0.02f]),
                    Kind = kind,
                    Grade = item.Grade,
                    Status = status,
                    Title = $"{grid.Address}{item.NameZh}",
                    Description = $"市民反映：{grid.Address}{random.Int(1, 40)}号楼附近{item.NameZh}，{string.Join("、", item.Keywords.Take(2))}，请尽快处理。",
                    Latitude = grid.Lat + random.Double(-0.0005, 0.0005),
                    Longitude = grid.Lng + random.Double(-0.0007, 0.0007),
                    Address = $"{grid.Address}{random.Int(1, 40)}号楼",
                    Complainant = new Complainant { Name = names[random.Int(0, names.Length - 1)], Phone = "13" + random.ReplaceNumbers("#########") },
                    ReceivedAt = received,
                    OccurredAt = received - TimeSpan.FromMinutes(random.Int(5, 600)),
                    DueAt = received + TimeSpan.FromDays(kind == CaseKind.Enquiry ? 2 : 15),
                    UpdatedAt = received,
                };
                if (status >= CaseStatus.Dispatched && status != CaseStatus.Cancelled)
                {
                    @case.GridId = grid.Id;
                    @case.JurisdictionId = grid.StreetId;
                    @case.ItemId = item.Id;
                    @case.DepartmentId = department;
                    @case.DispatchedAt = Min(received + TimeSpan.FromMinutes(random.Int(1, 120)), now);
                    @case.UpdatedAt = @case.DispatchedAt.Value;
                }
                else if (status == CaseStatus.PendingDispatch)
                {
                    @case.GridId = grid.Id;
                    @case.JurisdictionId = grid.StreetId;
                    @case.ItemId = random.Bool(0.5f) ? item.Id : null;
                }
                if (status >= CaseStatus.Accepted && status <= CaseStatus.Closed)
                    @case.AcceptedAt = Min(@case.DispatchedAt!.Value + TimeSpan.FromHours(random.Double(0.2, 8)), now);
                if (status is CaseStatus.Closed or CaseStatus.Merged or CaseStatus.Cancelled)
                {
                    @case.ClosedAt = Min(received + TimeSpan.FromHours(random.Double(4, 24 * 12)), now);
                    @case.UpdatedAt = @case.ClosedAt.Value;
                }
                @case.ReturnCount = random.Bool(0.06f) ? random.Int(1, 3) : 0;
                batch.Add(@case);
            }

            // Tracking numbers: reserve each Beijing day's range from its counter, then number the day's cases in time order.
            foreach (var day in batch.GroupBy(c => c.ReceivedAt.ToOffset(china).ToString("yyyyMMdd", CultureInfo.InvariantCulture)))
            {
                var ordered = day.OrderBy(c => c.ReceivedAt).ToList();
                var last = await TrackingNumbers.ReserveAsync(db, day.Key, ordered.Count, cancellationToken);
                for (var n = 0; n < ordered.Count; n++)
                    ordered[n].TrackingNumber = TrackingNumbers.Format(day.Key, last - ordered.Count + 1 + n);
            }

            if (isPostgres)
                await CopyAsync(batch, cancellationToken);
            else
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.AddRange(batch);
                using (AuditTrail.Suppress())
                    await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            written += size;
            progress(new BulkProgress(written, count, watch.Elapsed));
        }
        if (isPostgres)
            await db.Database.ExecuteSqlRawAsync("ANALYZE cases", cancellationToken);
        return written;
    }

    /// <summary>Older cases are mostly closed; the last two days' mostly open.</summary>
    private static CaseStatus StatusFor(TimeSpan age, Randomizer random) => age.TotalDays switch
    {
        < 2 => random.WeightedRandom([CaseStatus.New, CaseStatus.PendingDispatch, CaseStatus.Dispatched, CaseStatus.Accepted, CaseStatus.Completed, CaseStatus.Closed],
            [0.05f, 0.12f, 0.38f, 0.27f, 0.10f, 0.08f]),
        < 7 => random.WeightedRandom([CaseStatus.PendingDispatch, CaseStatus.Dispatched, CaseStatus.Accepted, CaseStatus.Completed, CaseStatus.Closed, CaseStatus.Merged],
            [0.04f, 0.14f, 0.22f, 0.18f, 0.40f, 0.02f]),
        _ => random.WeightedRandom([CaseStatus.PendingDispatch, CaseStatus.Dispatched, CaseStatus.Accepted, CaseStatus.Completed, CaseStatus.Closed, CaseStatus.Merged, CaseStatus.Cancelled],
            [0.01f, 0.03f, 0.05f, 0.05f, 0.82f, 0.02f, 0.02f]),
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record LeafItem(Guid Id, string NameZh, List<string> Keywords, List<CaseKind> Kinds, CaseGrade Grade);

    private async Task<(List<GridInfo> Grids, List<LeafItem> Items, Func<Guid, GridInfo, Guid?> DepartmentFor)> LoadCityAsync(CancellationToken cancellationToken)
    {
        var units = await db.Set<OrgUnit>().AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        var grids = new List<GridInfo>();
        foreach (var grid in units.Values.Where(u => u.Level == OrgLevel.Grid && u.BoundaryGeoJson is not null).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var chain = new List<OrgUnit>();
            for (OrgUnit? unit = grid; unit is not null; unit = unit.ParentId is { } p ? units.GetValueOrDefault(p) : null)
                chain.Add(unit);
            var street = chain.FirstOrDefault(u => u.Level == OrgLevel.Street) ?? chain[^1];
            var centre = GeoJsonGeometry.Read(grid.BoundaryGeoJson!).InteriorPoint;
            var address = string.Concat(chain.Where(u => u.Level is OrgLevel.District or OrgLevel.Street or OrgLevel.Community).Reverse().Select(u => u.Name));
            grids.Add(new GridInfo(grid.Id, street.Id, centre.Y, centre.X, address, [.. chain.Select(u => u.Id)]));
        }
        var all = await db.Set<Item>().AsNoTracking().Where(i => i.IsActive).OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var parents = all.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        var items = all.Where(i => !parents.Contains(i.Id)).Select(i => new LeafItem(i.Id, i.NameZh, i.Keywords, i.Kinds, i.DefaultGrade)).ToList();

        // The most specific rule: the one on the unit nearest the grid going up; null org unit means anywhere.
        var rules = (await db.Set<ResponsibilityRule>().AsNoTracking().ToListAsync(cancellationToken)).ToLookup(r => r.ItemId);
        var cache = new Dictionary<(Guid, Guid), Guid?>();
        Guid? DepartmentFor(Guid itemId, GridInfo grid)
        {
            if (cache.TryGetValue((itemId, grid.Id), out var found))
                return found;
            var itemRules = rules[itemId].ToList();
            Guid? department = null;
            foreach (var unitId in grid.Chain.Cast<Guid?>().Append(null))
            {
                if (itemRules.Where(r => r.OrgUnitId == unitId).OrderByDescending(r => r.Priority).FirstOrDefault() is { } rule)
                {
                    department = rule.DepartmentId;
                    break;
                }
            }
            return cache[(itemId, grid.Id)] = department;
        }
        return (grids, items, DepartmentFor);
    }

    private async Task CopyAsync(List<Case> batch, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(Case))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => entity.FindProperty(property)!.GetColumnName(table)!;
        var complainant = entity.FindComplexProperty(nameof(Case.Complainant))!.ComplexType;
        string ComplainantColumn(string property) => complainant.FindProperty(property)!.GetColumnName(table)!;

        (string Name, NpgsqlDbType Type, Func<Case, object?> Value)[] columns =
        [
            (Column(nameof(Case.Id)), NpgsqlDbType.Uuid, c => c.Id),
            (Column(nameof(Case.TrackingNumber)), NpgsqlDbType.Varchar, c => c.TrackingNumber),
            (Column(nameof(Case.Channel)), NpgsqlDbType.Integer, c => (int)c.Channel),
            (Column(nameof(Case.Kind)), NpgsqlDbType.Integer, c => (int)c.Kind),
            (Column(nameof(Case.Grade)), NpgsqlDbType.Integer, c => (int)c.Grade),
            (Column(nameof(Case.Status)), NpgsqlDbType.Integer, c => (int)c.Status),
            (Column(nameof(Case.Title)), NpgsqlDbType.Varchar, c => c.Title),
            (Column(nameof(Case.Description)), NpgsqlDbType.Varchar, c => c.Description),
            (Column(nameof(Case.Latitude)), NpgsqlDbType.Double, c => c.Latitude),
            (Column(nameof(Case.Longitude)), NpgsqlDbType.Double, c => c.Longitude),
            (Column(nameof(Case.Address)), NpgsqlDbType.Varchar, c => c.Address),
            (Column(nameof(Case.GridId)), NpgsqlDbType.Uuid, c => c.GridId),
            (Column(nameof(Case.JurisdictionId)), NpgsqlDbType.Uuid, c => c.JurisdictionId),
            (Column(nameof(Case.ItemId)), NpgsqlDbType.Uuid, c => c.ItemId),
            (Column(nameof(Case.DepartmentId)), NpgsqlDbType.Uuid, c => c.DepartmentId),
            (Column(nameof(Case.Attachments)), NpgsqlDbType.Text, _ => "[]"),
            (Column(nameof(Case.OccurredAt)), NpgsqlDbType.TimestampTz, c => c.OccurredAt?.UtcDateTime),
            (Column(nameof(Case.ReceivedAt)), NpgsqlDbType.TimestampTz, c => c.ReceivedAt.UtcDateTime),
            (Column(nameof(Case.DispatchedAt)), NpgsqlDbType.TimestampTz, c => c.DispatchedAt?.UtcDateTime),
            (Column(nameof(Case.AcceptedAt)), NpgsqlDbType.TimestampTz, c => c.AcceptedAt?.UtcDateTime),
            (Column(nameof(Case.DueAt)), NpgsqlDbType.TimestampTz, c => c.DueAt?.UtcDateTime),
            (Column(nameof(Case.ClosedAt)), NpgsqlDbType.TimestampTz, c => c.ClosedAt?.UtcDateTime),
            (Column(nameof(Case.ReturnCount)), NpgsqlDbType.Integer, c => c.ReturnCount),
            (Column(nameof(Case.ReopenCount)), NpgsqlDbType.Integer, c => c.ReopenCount),
            (Column(nameof(Case.UpdatedAt)), NpgsqlDbType.TimestampTz, c => c.UpdatedAt.UtcDateTime),
            (Column(nameof(Case.RowVersion)), NpgsqlDbType.Bigint, c => c.RowVersion),
            (ComplainantColumn(nameof(Complainant.Name)), NpgsqlDbType.Varchar, c => c.Complainant.Name),
            (ComplainantColumn(nameof(Complainant.Phone)), NpgsqlDbType.Varchar, c => c.Complainant.Phone),
        ];

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);
        var copy = $"COPY {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        // Synchronous writes fill the importer's buffer without an async state machine per value; it flushes as it fills.
        foreach (var @case in batch)
        {
            writer.StartRow();
            foreach (var (_, type, value) in columns)
            {
                if (value(@case) is { } v)
                    writer.Write(v, type);
                else
                    writer.WriteNull();
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }
}
