using System.Net;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Items;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CaseHub.Web.Tests.Cases;

/// <summary>
/// What one intake costs the database (issue 3): the SQL commands a complaint makes on its way from POST /api/cases to
/// the department's Handle task, once the caches are warm.
/// </summary>
public abstract class IntakeCostTests(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;
    private OrgData _org = null!;
    private SqlCommandLog _log = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        // Listening before the app runs a command: EF stops asking for a second when a pooled context's command found
        // nobody listening, and the measured intake could then go unseen.
        _log = new SqlCommandLog(_database);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Intake:Workflows:*.Complaint"] = "standard-case",
            ["Assessment:WorkerEnabled"] = "false",
        });
        _ = _app.Server;
        _org = await OrgData.SeedAsync(_app);
        await using var db = _app.NewDbContext();
        db.Add(new ResponsibilityRule { Id = Guid.NewGuid(), ItemId = _org.Manhole, OrgUnitId = _org.Street, DepartmentId = _org.Roads });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        _log.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<CaseDto> ReceiveAsync(HttpClient client, string externalId, double lat) =>
        await (await client.PostJsonAsync("/api/cases", new
        {
            channel = "CitizenApp", kind = "Complaint", externalId, title = "井盖缺失", description = "小区门口的井盖不见了，晚上很危险",
            location = new { lat, lng = 120.155 },
        })).ReadAsync<CaseDto>(HttpStatusCode.Created);

    [Fact]
    public async Task AnAutoDispatchedComplaint_ReadsLittle_OnceTheCachesAreWarm()
    {
        var client = _app.ClientFor("agent");
        await ReceiveAsync(client, "warm-up", lat: 30.277); // 220 m away, so the measured case is no probable duplicate of it
        _log.Clear();

        var created = await ReceiveAsync(client, "measured", lat: 30.275);

        var commands = _log.Commands;
        foreach (var command in commands)
            output.WriteLine(command.ReplaceLineEndings(" "));
        commands.ShouldContain(c => c.Contains("INSERT INTO", StringComparison.Ordinal) && c.Contains("cases", StringComparison.Ordinal), "the log saw the intake, so the count below means something");
        (await (await client.GetAsync($"/api/cases/{created.TrackingNumber}")).ReadAsync<CaseDto>()).Status.ShouldBe("Dispatched");
        // Reads only (how SaveChanges batches its inserts differs between providers): the external id, the published
        // version and the nearby cases for the duplicate check. The answer's item, department and unit names come
        // from the snapshots.
        commands.Count(c => c.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ShouldBeLessThanOrEqualTo(3);
        (created.ItemName, created.DepartmentName, created.JurisdictionName, created.GridName).ShouldBe(("井盖缺失", "区建设局", "北山街道", "北山第一网格"));
    }

    [Fact]
    public async Task TheTrackingNumber_IsTakenOutsideTheCasesTransaction()
    {
        var client = _app.ClientFor("agent");
        await ReceiveAsync(client, "warm-up", lat: 30.277);
        _log.Clear();

        await ReceiveAsync(client, "measured", lat: 30.275);

        // Inside the transaction the day's counter row would stay locked until commit, and every intake would queue
        // behind the one before it.
        var counter = _log.Logged.Single(c => c.Text.Contains("INSERT INTO counters", StringComparison.Ordinal));
        counter.InTransaction.ShouldBeFalse();
        _log.Logged.ShouldContain(c => c.InTransaction && c.Text.Contains("INSERT INTO", StringComparison.Ordinal) && c.Text.Contains("cases", StringComparison.Ordinal));
    }
}

public sealed class IntakeCostTests_Sqlite(ITestOutputHelper output) : IntakeCostTests(DatabaseProvider.Sqlite, output);

public sealed class IntakeCostTests_Postgres(ITestOutputHelper output) : IntakeCostTests(DatabaseProvider.Postgres, output);
