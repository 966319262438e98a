using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CaseHub.Cases.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default, zero set-up) or Postgres (production; set ConnectionStrings:CaseHub).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up. Default true.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public static class DataSetup
{
    public const string DefaultSqliteConnection = "Data Source=data/casehub.db";

    /// <summary>Registers <see cref="CaseHubDbContext"/> for the configured provider; also resolvable as <see cref="DbContext"/> for the engine.</summary>
    public static IHostApplicationBuilder AddCaseHubData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);
        var connectionString = builder.Configuration.GetConnectionString("CaseHub");

        if (options.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is Postgres, so ConnectionStrings:CaseHub must be set.");
            var tuned = WithPostgresDefaults(connectionString);
            builder.Services.AddDbContextPool<CaseHubDbContext, PostgresCaseHubDbContext>(o => o.UseNpgsql(tuned));
        }
        else
        {
            connectionString = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString;
            EnsureSqliteFolder(connectionString);
            builder.Services.AddDbContextPool<CaseHubDbContext, SqliteCaseHubDbContext>(o => o.UseSqlite(connectionString));
        }
        builder.Services.AddScoped<DbContext>(sp => sp.GetRequiredService<CaseHubDbContext>());
        return builder;
    }

    /// <summary>
    /// The connection string with two Npgsql settings CaseHub's load needs, unless it sets them itself.
    /// Max Auto Prepare: the same few dozen statements run for every case, and preparing them once per connection
    /// spares PostgreSQL parsing and planning each time (about a third of its CPU per intake).
    /// No Reset On Close: CaseHub keeps no session state (no SET, temporary tables or advisory locks), so the
    /// DISCARD ALL round trip each time EF hands a connection back to the pool, several per request, buys nothing.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Sets(string keyword) => given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", ""), keyword, StringComparison.OrdinalIgnoreCase));
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets("MaxAutoPrepare"))
            tuned.MaxAutoPrepare = 64;
        if (!Sets("NoResetOnClose"))
            tuned.NoResetOnClose = true;
        return tuned.ConnectionString;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
            Directory.CreateDirectory(folder);
    }
}
