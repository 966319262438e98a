using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Demo;
using CaseHub.Cases.Features.Intake;
using Microsoft.Extensions.Configuration;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;

namespace CaseHub.Web.Tests.Demo;

/// <summary>The demo city (issue 3, section 7): seeded on first start into an empty database, once, and only when asked.</summary>
public abstract class DemoSeedTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int DemoCases = 60;
    private ITestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabases.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private CaseHubApp StartApp(bool seed)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Demo:Seed"] = seed ? "true" : "false",
            ["Demo:Cases"] = DemoCases.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // The shipped appsettings.json intake defaults (appsettings.Testing.json clears them for the other
        // tests), read from the file itself so the seeder is tested against what a real start uses.
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        foreach (var (key, value) in shipped.GetSection("Intake").AsEnumerable().Where(kv => kv.Value is not null))
            settings[key] = value;
        var app = new CaseHubApp(_database, settings: settings);
        _ = app.Services; // starts the host: migrates, imports the workflows, seeds
        return app;
    }

    [Fact]
    public async Task FirstStart_EmptyDatabase_SeedsTheCityItemsStaffAndCasesInSeveralStates()
    {
        await using var app = StartApp(seed: true);
        await using var db = _database.CreateDbContext();

        var levels = await db.Set<OrgUnit>().GroupBy(u => u.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        levels[OrgLevel.City].ShouldBe(1);
        levels[OrgLevel.District].ShouldBe(2);
        levels[OrgLevel.Street].ShouldBe(6);
        levels[OrgLevel.Community].ShouldBe(30);
        levels[OrgLevel.Grid].ShouldBe(300);
        (await db.Set<Department>().CountAsync()).ShouldBeGreaterThanOrEqualTo(40);

        var items = await db.Set<Item>().ToListAsync();
        var parents = items.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        var leaves = items.Where(i => !parents.Contains(i.Id)).ToList();
        leaves.Count.ShouldBeGreaterThanOrEqualTo(60);
        var ruled = await db.Set<ResponsibilityRule>().Select(r => r.ItemId).Distinct().ToListAsync();
        leaves.Where(l => !ruled.Contains(l.Id)).Select(l => l.Code).ShouldBeEmpty("every leaf item has a responsibility rule");

        var users = await db.Set<StaffUser>().ToListAsync();
        foreach (var role in Enum.GetValues<StaffRole>())
            users.ShouldContain(u => u.Roles.Contains(role), $"a user with the role {role}");
        users.ShouldContain(u => u.UserName == "dispatcher");
        users.Where(u => u.Roles.Contains(StaffRole.Handler)).ShouldAllBe(u => u.DepartmentScope.Count == 1);

        var cases = await db.Set<CaseEntity>().ToListAsync();
        cases.Count.ShouldBe(DemoCases);
        cases.ShouldAllBe(c => c.WorkflowInstanceId != null && c.TrackingNumber.Length == 13);
        var statuses = cases.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        statuses.Count.ShouldBeGreaterThanOrEqualTo(4, string.Join(", ", statuses));
        statuses.GetValueOrDefault(CaseStatus.Closed).ShouldBeGreaterThan(0);
        (statuses.GetValueOrDefault(CaseStatus.Dispatched) + statuses.GetValueOrDefault(CaseStatus.Accepted)).ShouldBeGreaterThan(0);
        statuses.GetValueOrDefault(CaseStatus.Completed).ShouldBeGreaterThan(0);
        cases.ShouldContain(c => c.DepartmentId != null && c.GridId != null, "auto-dispatched, located cases");

        // Received over the past 30 days of the app's clock, and each case's tasks wait in real queues.
        var now = app.Time.GetUtcNow();
        cases.ShouldAllBe(c => c.ReceivedAt <= now && c.ReceivedAt >= now.AddDays(-30));
        (cases.Max(c => c.ReceivedAt) - cases.Min(c => c.ReceivedAt)).ShouldBeGreaterThan(TimeSpan.FromDays(15));
        var openTasks = await db.Set<HumanTask>().Where(t => t.Status == HumanTaskStatus.Open).Select(t => t.CandidateGroup).ToListAsync();
        openTasks.ShouldContain(g => g.StartsWith("dept:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeededGrids_AreValidPolygonsThatDoNotOverlap_AndEachCentreLocatesToItsGrid()
    {
        await using var app = StartApp(seed: true);
        await using var db = _database.CreateDbContext();
        var grids = await db.Set<OrgUnit>().Where(u => u.Level == OrgLevel.Grid).ToListAsync();
        grids.Count.ShouldBe(300);

        var polygons = grids.ToDictionary(g => g.Code, g => GeoJsonGeometry.Read(g.BoundaryGeoJson!));
        var tree = new STRtree<string>();
        foreach (var (code, polygon) in polygons)
        {
            polygon.IsValid.ShouldBeTrue($"grid {code} is a valid polygon");
            polygon.Area.ShouldBeGreaterThan(0);
            tree.Insert(polygon.EnvelopeInternal, code);
        }
        foreach (var (code, polygon) in polygons)
        {
            foreach (var other in tree.Query(polygon.EnvelopeInternal).Where(o => string.CompareOrdinal(o, code) > 0))
                polygon.Intersection(polygons[other]).Area.ShouldBeLessThan(1e-12, $"grids {code} and {other} overlap");
        }
        // Together they tile the city's rectangle without gaps.
        var total = polygons.Values.Sum(p => p.Area);
        var bounds = new Envelope();
        foreach (var p in polygons.Values)
            bounds.ExpandToInclude(p.EnvelopeInternal);
        total.ShouldBe(bounds.Area, bounds.Area * 1e-9);

        var locator = app.Service<GridLocator>();
        foreach (var (code, polygon) in polygons)
        {
            var centre = polygon.Centroid;
            var location = await locator.LocateAsync(centre.Y, centre.X);
            location.ShouldNotBeNull($"the centre of grid {code} is located");
            location.Grid!.Code.ShouldBe(code);
        }
    }

    [Fact]
    public async Task SecondStart_SeededDatabase_DoesNotSeedAgain()
    {
        await using (StartApp(seed: true))
        {
        }
        int units, cases, users;
        await using (var db = _database.CreateDbContext())
            (units, cases, users) = (await db.Set<OrgUnit>().CountAsync(), await db.Set<CaseEntity>().CountAsync(), await db.Set<StaffUser>().CountAsync());
        cases.ShouldBe(DemoCases);

        await using (StartApp(seed: true))
        {
        }
        await using (var db = _database.CreateDbContext())
        {
            (await db.Set<OrgUnit>().CountAsync()).ShouldBe(units);
            (await db.Set<CaseEntity>().CountAsync()).ShouldBe(cases);
            (await db.Set<StaffUser>().CountAsync()).ShouldBe(users);
        }
    }

    [Fact]
    public async Task BulkSeed_AfterTheDemoCity_AddsCasesWithUniqueTrackingNumbersAcrossStatusesGridsAndDepartments()
    {
        await using var app = StartApp(seed: true);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var bulk = ActivatorUtilities.CreateInstance<DemoBulkCases>(scope.ServiceProvider);
            var reports = new List<BulkProgress>();
            (await bulk.SeedAsync(1_000, seed: 1, batchSize: 400, reports.Add, default)).ShouldBe(1_000);
            reports.Select(r => r.Written).ShouldBe([400, 800, 1_000]);
        }
        await using var db = _database.CreateDbContext();
        var cases = await db.Set<CaseEntity>().ToListAsync();
        cases.Count.ShouldBe(DemoCases + 1_000);
        cases.Select(c => c.TrackingNumber).Distinct().Count().ShouldBe(cases.Count);
        var bulkCases = cases.Where(c => c.WorkflowInstanceId == null).ToList();
        bulkCases.Count.ShouldBe(1_000);
        bulkCases.GroupBy(c => c.Status).Count().ShouldBeGreaterThanOrEqualTo(5);
        bulkCases.Select(c => c.GridId).Distinct().Count().ShouldBeGreaterThan(200);
        bulkCases.Where(c => c.Status == CaseStatus.Dispatched).ShouldAllBe(c => c.DepartmentId != null && c.JurisdictionId != null && c.DispatchedAt != null);
        bulkCases.Where(c => c.Status == CaseStatus.Closed).ShouldAllBe(c => c.ClosedAt != null);
        var now = app.Time.GetUtcNow();
        bulkCases.ShouldAllBe(c => c.ReceivedAt <= now && c.ReceivedAt >= now.AddDays(-30) && c.Complainant.Phone != null);

        // A later intake takes a number of the day that no bulk case has: both reserve theirs from the day's counter.
        // (The app may still hold numbers it reserved before the bulk seeding, so the new one need not be the highest.)
        var created = await app.ClientFor("hotline").PostJsonAsync("/api/cases", new IntakeRequest("Hotline", null, "Complaint", "路灯不亮", "春晖社区门口路灯不亮，晚上太黑。", null, null, null, null));
        var body = await created.ReadAsync<System.Text.Json.JsonElement>(System.Net.HttpStatusCode.Created);
        var trackingNumber = body.GetProperty("trackingNumber").GetString()!;
        trackingNumber.ShouldStartWith("20250303");
        cases.Select(c => c.TrackingNumber).ShouldNotContain(trackingNumber);
    }

    [Fact]
    public async Task Start_DemoSeedFalse_SeedsNothing()
    {
        await using var app = StartApp(seed: false);
        await using var db = _database.CreateDbContext();
        (await db.Set<OrgUnit>().CountAsync()).ShouldBe(0);
        (await db.Set<Department>().CountAsync()).ShouldBe(0);
        (await db.Set<StaffUser>().CountAsync()).ShouldBe(0);
        (await db.Set<CaseEntity>().CountAsync()).ShouldBe(0);
    }
}

public sealed class DemoSeedTests_Sqlite() : DemoSeedTests(DatabaseProvider.Sqlite);

public sealed class DemoSeedTests_Postgres() : DemoSeedTests(DatabaseProvider.Postgres);
