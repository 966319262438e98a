using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseHub.DbDesign;

/// <summary>
/// How `dotnet ef` builds each provider's context. `migrations add` and `has-pending-model-changes`
/// never open a connection, so the placeholders below are enough; set CASEHUB_DESIGN_CONNECTION to point
/// `database update` or `dbcontext info` at a real database.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCaseHubDbContext>
{
    public SqliteCaseHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCaseHubDbContext>()
            .UseSqlite(DesignConnection.Get("Data Source=casehub-design.db"))
            .Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCaseHubDbContext>
{
    public PostgresCaseHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCaseHubDbContext>()
            .UseNpgsql(DesignConnection.Get("Host=127.0.0.1;Port=5432;Username=postgres;Database=casehub_design"))
            .Options);
}

internal static class DesignConnection
{
    public static string Get(string placeholder)
    {
        var configured = Environment.GetEnvironmentVariable("CASEHUB_DESIGN_CONNECTION");
        return string.IsNullOrWhiteSpace(configured) ? placeholder : configured;
    }
}
