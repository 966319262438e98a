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
            builder.Services.AddDbContextPool<CaseHubDbContext, PostgresCaseHubDbContext>(o => o.UseNpgsql(connectionString));
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

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
            Directory.CreateDirectory(folder);
    }
}
