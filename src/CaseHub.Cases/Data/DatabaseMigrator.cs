using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CaseHub.Cases.Data;

/// <summary>
/// Brings a database to the latest migration of its provider. The host calls this on start
/// (when <see cref="DatabaseOptions.MigrateOnStartup"/> is true); never use EnsureCreated instead.
/// </summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(CaseHubDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        if (db.Database.IsSqlite())
        {
            // WAL lets the timer worker read while a request writes. The mode is stored in the file,
            // and it cannot change inside a transaction, so set it before migrating.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        else
        {
            // EF on PostgreSQL learns whether the history table exists by reading it, and logs the failed read of a new
            // database as an error (dotnet/efcore#37328), which reads as a failed start. Creating the table first, as EF
            // would next, leaves nothing to fail.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        }

        // EF holds a migration lock (LOCK TABLE on PostgreSQL, a lock row on SQLite), so nodes starting together take turns.
        await db.Database.MigrateAsync(cancellationToken);
    }
}
