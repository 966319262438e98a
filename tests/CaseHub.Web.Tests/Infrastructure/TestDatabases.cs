using CaseHub.Cases.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CaseHub.Web.Tests.Infrastructure;

/// <summary>
/// Fresh, empty databases for tests; each test or test class gets its own, so no test sees another's data.
/// PostgreSQL databases are created on the server named by <c>CASEHUB_TEST_PG</c> (tools/test.sh starts a
/// throwaway one and sets it). Without it, PostgreSQL tests fail: CI must not pass without PostgreSQL.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "CASEHUB_TEST_PG";

    /// <summary>The server the tests may create and drop databases on.</summary>
    public static string PostgresServer
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{PostgresVariable} is not set, so this PostgreSQL test cannot run. Run the tests with " +
                    "`bash tools/test.sh` (extra arguments go to dotnet test, e.g. --filter), which starts a " +
                    $"throwaway PostgreSQL and sets {PostgresVariable}; or set it yourself to a server where the " +
                    "tests may create and drop databases, e.g. Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres.");
            }
            return value;
        }
    }

    public static async Task<ITestDatabase> CreateAsync(DatabaseProvider provider, CancellationToken cancellationToken = default) =>
        provider switch
        {
            DatabaseProvider.Postgres => await CreatePostgresAsync(cancellationToken),
            DatabaseProvider.Sqlite => CreateSqlite(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };

    /// <summary>Creates a uniquely named, empty database; disposing drops it.</summary>
    public static Task<PostgresTestDatabase> CreatePostgresAsync(CancellationToken cancellationToken = default) =>
        PostgresTestDatabase.CreateAsync(PostgresServer, cancellationToken);

    /// <summary>An empty SQLite file in its own temp folder; disposing deletes the folder.</summary>
    public static SqliteTestDatabase CreateSqlite() => new();
}

/// <summary>An empty database of one provider, with no schema until the test migrates it.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    DatabaseProvider Provider { get; }

    string ConnectionString { get; }

    /// <summary>A new context on this database; the caller disposes it.</summary>
    CaseHubDbContext CreateDbContext();

    /// <summary>The configuration keys that point the web host at this database (for WebApplicationFactory).</summary>
    IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:CaseHub"] = ConnectionString,
    };
}

public sealed class PostgresTestDatabase : ITestDatabase
{
    private readonly string _server;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, IncludeErrorDetail = true }.ConnectionString;
    }

    public DatabaseProvider Provider => DatabaseProvider.Postgres;

    public string Name { get; }

    public string ConnectionString { get; }

    internal static async Task<PostgresTestDatabase> CreateAsync(string server, CancellationToken cancellationToken)
    {
        // Lower case and at most 63 characters: PostgreSQL's identifier limit.
        var name = $"casehub_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresTestDatabase(server, name);
    }

    public CaseHubDbContext CreateDbContext() =>
        new PostgresCaseHubDbContext(new DbContextOptionsBuilder<PostgresCaseHubDbContext>().UseNpgsql(ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        // FORCE ends connections a test left open (PostgreSQL 13+).
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public override string ToString() => $"PostgreSQL database {Name}";
}

public sealed class SqliteTestDatabase : ITestDatabase
{
    internal SqliteTestDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("casehub-test-").FullName;
        FilePath = Path.Combine(Folder, "casehub.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ConnectionString;
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public CaseHubDbContext CreateDbContext() =>
        new SqliteCaseHubDbContext(new DbContextOptionsBuilder<SqliteCaseHubDbContext>().UseSqlite(ConnectionString).Options);

    public ValueTask DisposeAsync()
    {
        using (var pooled = new SqliteConnection(ConnectionString))
            SqliteConnection.ClearPool(pooled);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection still open elsewhere; the temp folder is cleaned by the OS later.
        }
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"SQLite database {FilePath}";
}

/// <summary>One empty PostgreSQL database for a whole test class: <c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized yet.");

    public async Task InitializeAsync() => _database = await TestDatabases.CreatePostgresAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}

/// <summary>One empty SQLite database for a whole test class: <c>IClassFixture&lt;SqliteDatabaseFixture&gt;</c>.</summary>
public sealed class SqliteDatabaseFixture : IAsyncLifetime
{
    public SqliteTestDatabase Database { get; } = TestDatabases.CreateSqlite();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
