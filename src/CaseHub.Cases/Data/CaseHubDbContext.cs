using System.Text;
using CaseHub.Cases.Features.Access;
using CaseHub.Cases.Features.Intake;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseHub.Cases.Data;

/// <summary>
/// The one DbContext. Each provider has a derived context only so that it can keep its own
/// migration set; application code depends on this type.
/// </summary>
public abstract class CaseHubDbContext(DbContextOptions options) : DbContext(options)
{
    // The app's clock (a fake one in tests), so audit times agree with the times of the changes they record.
    private TimeProvider Clock => _clock ??= AppService<TimeProvider>() ?? TimeProvider.System;

    private T? AppService<T>() where T : class =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(T)) as T;

    private TimeProvider? _clock;

    // Bumped here rather than by an interceptor in OnConfiguring, which DbContext pooling forbids.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        // The row versions, the audit trail, the case-change check and the save all read the tracker: one detection
        // pass serves them, and what they add or bump goes through the tracker, so nothing escapes it.
        using var _ = this.DetectOnceUntilDisposed();
        RowVersionInterceptor.Bump(this);
        AuditTrail.Record(this, Clock.GetUtcNow());
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var _ = this.DetectOnceUntilDisposed();
        RowVersionInterceptor.Bump(this);
        AuditTrail.Record(this, Clock.GetUtcNow());
        var casesChanged = CaseChanges.Pending(this);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (casesChanged)
            AppService<CaseChanges>()?.Notify();
        return saved;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyWorkflowModel();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CaseHubDbContext).Assembly);
        UseSnakeCaseColumns(modelBuilder);
        IndexOnlyRowsWithAKey(modelBuilder);
    }

    // A timer belongs to an instance (an activity's wait) or to a subject (a case's card), and a task starts unclaimed,
    // so these indexes hold only the rows that have the key: every case's nine card timers then write nine index
    // entries fewer. Lookups ask for one key, never for none. The engine's model leaves column names to its host, so
    // its filters are set here.
    private static void IndexOnlyRowsWithAKey(ModelBuilder modelBuilder)
    {
        foreach (var index in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetIndexes()))
        {
            if (index.GetDatabaseName() is "ix_workflow_timers_instance" or "ix_workflow_timers_subject" or "ix_human_tasks_assignee_status")
                index.SetFilter($"{index.Properties[0].GetColumnName()} IS NOT NULL");
        }
    }

    // Tables and indexes are named explicitly; columns follow one rule, so raw SQL (the timer claim) can name them.
    private static void UseSnakeCaseColumns(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
                property.SetColumnName(ToSnakeCase(property.Name));
            foreach (var key in entity.GetKeys())
                key.SetName("pk_" + entity.GetTableName());
            foreach (var foreignKey in entity.GetForeignKeys())
                foreignKey.SetConstraintName($"fk_{entity.GetTableName()}_{foreignKey.PrincipalEntityType.GetTableName()}_{ToSnakeCase(foreignKey.Properties[0].Name)}");
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
                text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}

public sealed class SqliteCaseHubDbContext(DbContextOptions<SqliteCaseHubDbContext> options) : CaseHubDbContext(options)
{
    // SQLite has no timestamp type; storing UTC ticks keeps ORDER BY and range filters on deadlines correct.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresCaseHubDbContext(DbContextOptions<PostgresCaseHubDbContext> options) : CaseHubDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        CaseTextSearch.Map(modelBuilder);
    }
}
