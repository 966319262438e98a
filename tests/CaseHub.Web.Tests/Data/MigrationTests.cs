using System.Reflection;
using CaseHub.Cases.Data;
using CaseHub.Web.Tests.Infrastructure;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Logging;

namespace CaseHub.Web.Tests.Data;

public sealed class MigrationTests
{
    private static readonly DateTimeOffset ProbeCreatedAt = new(2025, 3, 3, 1, 2, 3, TimeSpan.Zero);

    private static readonly MethodInfo ReadAllRowsMethod =
        typeof(MigrationTests).GetMethod(nameof(ReadAllRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigrateAsync_EmptyDatabase_CreatesEveryTableAndColumnOfTheModel(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);

        await using (var db = database.CreateDbContext())
            await DatabaseMigrator.MigrateAsync(db);

        await using var check = database.CreateDbContext();
        var designModel = check.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
        var entityTypes = check.Model.GetEntityTypes().Where(e => e.GetTableName() is not null).ToList();
        entityTypes.ShouldNotBeEmpty();
        entityTypes.Select(e => e.GetTableName()).ShouldContain("workflow_definitions");
        foreach (var entityType in entityTypes)
        {
            // Reading through EF selects every mapped column, so a missing table or column fails here.
            var read = (Task<int>)ReadAllRowsMethod.MakeGenericMethod(entityType.ClrType).Invoke(null, [check])!;
            // Only data the migrations ship (such as the statutory holidays) may be there from the start.
            (await read).ShouldBe(designModel.FindEntityType(entityType.Name)!.GetSeedData().Count(), $"table {entityType.GetTableName()} should exist and hold only its shipped rows");
        }
        (await check.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await check.Database.GetAppliedMigrationsAsync()).ShouldBe(check.Database.GetMigrations());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigrateAsync_EmptyDatabase_LogsNoError(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        var errors = new List<string>();

        await using (var db = ContextLoggingErrors(database, errors))
            await DatabaseMigrator.MigrateAsync(db);

        // A first start that logs "Failed executing DbCommand" looks to an operator like a start that failed.
        errors.ShouldBeEmpty();
        await using var check = database.CreateDbContext();
        (await check.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    private static CaseHubDbContext ContextLoggingErrors(ITestDatabase database, List<string> errors) => database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresCaseHubDbContext(new DbContextOptionsBuilder<PostgresCaseHubDbContext>()
            .UseNpgsql(database.ConnectionString).LogTo(errors.Add, LogLevel.Error).Options),
        _ => new SqliteCaseHubDbContext(new DbContextOptionsBuilder<SqliteCaseHubDbContext>()
            .UseSqlite(database.ConnectionString).LogTo(errors.Add, LogLevel.Error).Options),
    };

    [Fact]
    public async Task MigrateAsync_Sqlite_SwitchesTheFileToWriteAheadLogging()
    {
        await using var database = TestDatabases.CreateSqlite();
        await using (var db = database.CreateDbContext())
            await DatabaseMigrator.MigrateAsync(db);

        await using var check = database.CreateDbContext();
        var mode = await check.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();

        mode.ShouldBe(["wal"]);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigrateAsync_RunTwice_ChangesNothingTheSecondTime(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using (var db = database.CreateDbContext())
            await DatabaseMigrator.MigrateAsync(db);
        var id = await InsertDefinitionRowAsync(database);

        await using (var db = database.CreateDbContext())
            await DatabaseMigrator.MigrateAsync(db);

        await using var check = database.CreateDbContext();
        (await check.Database.GetAppliedMigrationsAsync()).ShouldBe(check.Database.GetMigrations());
        (await check.Set<WorkflowDefinitionVersion>().CountAsync(x => x.Id == id)).ShouldBe(1);
    }

    /// <summary>
    /// A database created by any earlier release must upgrade without losing rows. For every migration
    /// (the latest too, so the test is meaningful with a single migration), start a fresh database at that
    /// migration, insert rows the way that schema allows, migrate to the latest, and read the rows back
    /// through the current model.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigrateAsync_FromEachEarlierMigration_KeepsExistingRows(DatabaseProvider provider)
    {
        List<string> migrations;
        await using (var model = ContextWithoutDatabase(provider))
            migrations = model.Database.GetMigrations().ToList();
        migrations.ShouldNotBeEmpty();

        foreach (var startAt in migrations)
        {
            await using var database = await TestDatabases.CreateAsync(provider);
            await using (var db = database.CreateDbContext())
                await db.GetService<IMigrator>().MigrateAsync(startAt);
            var id = await InsertDefinitionRowAsync(database);

            await using (var db = database.CreateDbContext())
                await DatabaseMigrator.MigrateAsync(db);

            await using var check = database.CreateDbContext();
            var row = await check.Set<WorkflowDefinitionVersion>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
            row.ShouldNotBeNull($"the row inserted at {startAt} should survive the upgrade");
            row.DefinitionId.ShouldBe("upgrade-probe");
            row.Version.ShouldBe(3);
            row.Name.ShouldBe("升级探针 upgrade probe");
            row.Status.ShouldBe(DefinitionStatus.Published);
            row.Json.ShouldBe("""{"root":{"type":"Elsa.Flowchart"}}""");
            row.CreatedAt.ShouldBe(ProbeCreatedAt);
        }
    }

    [Fact]
    public void MigrationSets_SqliteAndPostgres_HaveTheSameMigrationsInTheSameOrder()
    {
        using var sqlite = ContextWithoutDatabase(DatabaseProvider.Sqlite);
        using var postgres = ContextWithoutDatabase(DatabaseProvider.Postgres);

        static List<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]).ToList();

        Names(sqlite).ShouldNotBeEmpty();
        Names(sqlite).ShouldBe(Names(postgres), "add migrations with tools/migrations.sh, which writes both sets");
    }

    // Plain SQL, not EF: the current model may have columns that the schema at an earlier migration lacks.
    // It names only columns that exist since InitialWorkflowEngine; a later migration that renames one of
    // them must adapt this insert.
    private static async Task<Guid> InsertDefinitionRowAsync(ITestDatabase database)
    {
        var id = Guid.NewGuid();
        await using var db = database.CreateDbContext();
        const string columns = "id, definition_id, version, name, status, json, created_at, row_version";
        const string name = "升级探针 upgrade probe";
        const string json = """{"root":{"type":"Elsa.Flowchart"}}""";
        var status = (int)DefinitionStatus.Published;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // As the Sqlite provider stores them: GUIDs as upper-case text, DateTimeOffset as a binary long.
            var createdAt = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(ProbeCreatedAt)!;
            var idText = id.ToString().ToUpperInvariant();
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO workflow_definitions ({columns}) VALUES ({{0}}, 'upgrade-probe', 3, {{1}}, {{2}}, {{3}}, {{4}}, 0)",
                idText, name, status, json, createdAt);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO workflow_definitions ({columns}) VALUES ({{0}}, 'upgrade-probe', 3, {{1}}, {{2}}, {{3}}, {{4}}, 0)",
                id, name, status, json, ProbeCreatedAt);
        }
        return id;
    }

    // Listing migrations reads the assembly only; no connection is opened.
    private static CaseHubDbContext ContextWithoutDatabase(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteCaseHubDbContext(new DbContextOptionsBuilder<SqliteCaseHubDbContext>().UseSqlite("Data Source=:memory:").Options),
        _ => new PostgresCaseHubDbContext(new DbContextOptionsBuilder<PostgresCaseHubDbContext>().UseNpgsql("Host=unused").Options),
    };

    private static async Task<int> ReadAllRowsAsync<T>(DbContext db)
        where T : class =>
        (await db.Set<T>().AsNoTracking().ToListAsync()).Count;
}
