using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Cases;

/// <summary>Tracking numbers from the day's counter: in blocks under load, one at a time when quiet, never twice.</summary>
public abstract class TrackingNumberTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Day = "20250303";
    private ITestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        await using var db = _database.CreateDbContext();
        await DatabaseMigrator.MigrateAsync(db);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<long> CounterAsync(string day = Day)
    {
        await using var db = _database.CreateDbContext();
        return await db.Set<Counter>().Where(c => c.Name == $"case:{day}").Select(c => c.Value).SingleOrDefaultAsync();
    }

    [Fact]
    public async Task Busy_NumbersComeInOrder_FromAFewGrowingReservations()
    {
        var numbers = new TrackingNumbers(new FakeTimeProvider()); // the clock stands still: every reservation is "just now"
        await using var db = _database.CreateDbContext();
        var taken = new List<string>();
        var counterValues = new HashSet<long>();

        for (var i = 0; i < 40; i++)
        {
            taken.Add(await numbers.NextAsync(db, Day, CancellationToken.None));
            counterValues.Add(await CounterAsync());
        }

        taken.ShouldBe(Enumerable.Range(1, 40).Select(n => $"{Day}{n:D5}"));
        // 1, 2, 4, 8, 16 and 32 numbers: six updates of the counter row instead of forty.
        counterValues.Count.ShouldBeLessThanOrEqualTo(7);
        (await CounterAsync()).ShouldBeLessThan(40 + TrackingNumbers.LargestBlock);
    }

    [Fact]
    public async Task Quiet_TakesOneNumberAtATime_SoARestartLosesNone()
    {
        var time = new FakeTimeProvider();
        var numbers = new TrackingNumbers(time);
        await using var db = _database.CreateDbContext();

        for (var serial = 1; serial <= 4; serial++)
        {
            (await numbers.NextAsync(db, Day, CancellationToken.None)).ShouldBe($"{Day}{serial:D5}");
            (await CounterAsync()).ShouldBe(serial, "nothing reserved beyond the number handed out");
            time.Advance(TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public async Task TwoNodesAtOnce_NeverHandOutTheSameNumber()
    {
        var clock = new FakeTimeProvider();

        async Task<List<string>> NodeAsync()
        {
            var numbers = new TrackingNumbers(clock);
            await using var db = _database.CreateDbContext();
            var taken = new List<string>();
            for (var i = 0; i < 50; i++)
                taken.Add(await numbers.NextAsync(db, Day, CancellationToken.None));
            return taken;
        }

        var nodes = await Task.WhenAll(Task.Run(NodeAsync), Task.Run(NodeAsync));

        nodes.SelectMany(n => n).Distinct().Count().ShouldBe(100);
        foreach (var node in nodes)
            node.ShouldBe(node.Order(StringComparer.Ordinal).ToList(), Shouldly.Case.Sensitive, "each node hands out its numbers in order");
        (await CounterAsync()).ShouldBeGreaterThanOrEqualTo(100);
    }

    [Fact]
    public async Task ANewDay_StartsItsOwnSequence()
    {
        var numbers = new TrackingNumbers(new FakeTimeProvider());
        await using var db = _database.CreateDbContext();
        for (var i = 0; i < 5; i++)
            await numbers.NextAsync(db, Day, CancellationToken.None);

        (await numbers.NextAsync(db, "20250304", CancellationToken.None)).ShouldBe("2025030400001");
        (await CounterAsync()).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public async Task BulkSeedingBetweenIntakes_IsNeverNumberedTwice()
    {
        var numbers = new TrackingNumbers(new FakeTimeProvider());
        await using var db = _database.CreateDbContext();
        var first = await numbers.NextAsync(db, Day, CancellationToken.None);

        // casehub seed reserves its range from the same row.
        var seededLast = await TrackingNumbers.ReserveAsync(db, Day, 1000, CancellationToken.None);
        var next = await numbers.NextAsync(db, Day, CancellationToken.None);

        first.ShouldBe($"{Day}00001");
        long.Parse(next[Day.Length..]).ShouldBe(seededLast + 1);
    }
}

public sealed class TrackingNumberTests_Sqlite() : TrackingNumberTests(DatabaseProvider.Sqlite);

public sealed class TrackingNumberTests_Postgres() : TrackingNumberTests(DatabaseProvider.Postgres);
