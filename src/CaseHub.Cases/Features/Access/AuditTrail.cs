using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Reply;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Access;

/// <summary>
/// One change to one row, written in the same transaction as the change: who, when, from where, through which
/// action, and the changed values before and after. Rows are only ever added (PostgreSQL also refuses UPDATE and
/// DELETE on the table).
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public string? Ip { get; set; }
    /// <summary>The request that made the change (e.g. <c>POST /api/tasks/{id}/complete</c>), or <c>timer</c> / <c>system</c>.</summary>
    public required string Action { get; set; }
    /// <summary>The table, e.g. <c>cases</c>; <c>personal_data</c> for a read of unmasked personal data.</summary>
    public required string Entity { get; set; }
    public required string EntityId { get; set; }
    /// <summary>Added, Modified, Deleted or Viewed.</summary>
    public required string Operation { get; set; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}

/// <summary>Who is acting in the current flow of execution; set by the web host per request, absent for background work.</summary>
public sealed record AuditActor(string Actor, string? Ip, string Action)
{
    private static readonly AsyncLocal<AuditActor?> CurrentActor = new();

    public static AuditActor? Current
    {
        get => CurrentActor.Value;
        set => CurrentActor.Value = value;
    }
}

/// <summary>Turns the change tracker's pending changes into <see cref="AuditEntry"/> rows just before they are saved.</summary>
public static class AuditTrail
{
    // Engine bookkeeping, derived figures and delivery state: recorded elsewhere (journal, metric events) or not a decision anyone made.
    private static readonly HashSet<Type> NotAudited =
    [
        typeof(AuditEntry), typeof(WorkflowTimer), typeof(WorkflowEventBookmark), typeof(WorkflowJournalEntry), typeof(WorkflowInstance),
        typeof(CaseDeadline), typeof(Notification), typeof(OutboxMessage), typeof(MetricEvent), typeof(DepartmentDailyMetrics),
        typeof(GridDailyMetrics), typeof(Counter),
    ];

    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
        { nameof(UserAccount.PasswordHash), nameof(UserAccount.SecurityStamp), nameof(UserAccount.ConcurrencyStamp) };

    private static readonly AsyncLocal<bool> Suppressed = new();

    /// <summary>Bulk loads of generated data (benchmarks, demo volumes) are not decisions anyone made; nothing is audited until disposed.</summary>
    public static IDisposable Suppress()
    {
        Suppressed.Value = true;
        return new Resume();
    }

    private sealed class Resume : IDisposable
    {
        public void Dispose() => Suppressed.Value = false;
    }

    public static void Record(DbContext db, DateTimeOffset now)
    {
        if (Suppressed.Value)
            return;
        List<AuditEntry>? entries = null;
        var actor = AuditActor.Current ?? new AuditActor("system", null, "system");
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || NotAudited.Contains(entry.Metadata.ClrType))
                continue;
            var (before, after) = Values(entry);
            if (entry.State == EntityState.Modified && after.Count == 0)
                continue;
            (entries ??= []).Add(new AuditEntry
            {
                Id = Guid.CreateVersion7(now),
                At = now,
                Actor = actor.Actor,
                Ip = actor.Ip,
                Action = actor.Action,
                Entity = entry.Metadata.GetTableName() ?? entry.Metadata.ClrType.Name,
                EntityId = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)),
                Operation = entry.State.ToString(),
                BeforeJson = entry.State == EntityState.Added ? null : before.ToJsonString(),
                AfterJson = entry.State == EntityState.Deleted ? null : after.ToJsonString(),
            });
        }
        if (entries is not null)
            db.AddRange(entries);
    }

    /// <summary>A read of unmasked personal data, which is itself audited.</summary>
    public static AuditEntry Viewed(string entity, string entityId, DateTimeOffset now)
    {
        var actor = AuditActor.Current ?? new AuditActor("system", null, "system");
        return new AuditEntry
        {
            Id = Guid.CreateVersion7(now), At = now, Actor = actor.Actor, Ip = actor.Ip, Action = actor.Action,
            Entity = "personal_data", EntityId = $"{entity}:{entityId}", Operation = "Viewed",
        };
    }

    private static (JsonObject Before, JsonObject After) Values(EntityEntry entry)
    {
        var before = new JsonObject();
        var after = new JsonObject();
        void Add(string name, PropertyEntry property)
        {
            if (entry.State == EntityState.Modified && !property.IsModified)
                return;
            if (entry.State != EntityState.Added)
                before[name] = Value(name, property.OriginalValue);
            if (entry.State != EntityState.Deleted)
                after[name] = Value(name, property.CurrentValue);
        }
        foreach (var property in entry.Properties)
            Add(property.Metadata.Name, property);
        foreach (var complex in entry.ComplexProperties)
            foreach (var property in complex.Properties)
                Add($"{complex.Metadata.Name}.{property.Metadata.Name}", property);
        return (before, after);
    }

    private static JsonNode? Value(string name, object? value)
    {
        if (value is null)
            return null;
        if (Secret.Contains(name))
            return "***";
        if (name.StartsWith(nameof(Case.Complainant) + ".", StringComparison.Ordinal) && value is string text)
            return name switch
            {
                "Complainant.Phone" => PersonalData.MaskPhone(text),
                "Complainant.IdNumber" => PersonalData.MaskIdNumber(text),
                _ => PersonalData.MaskName(text),
            };
        return JsonSerializer.SerializeToNode(value);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_entries");
        e.HasKey(x => x.Id);
        e.Property(x => x.Actor).HasMaxLength(100);
        e.Property(x => x.Ip).HasMaxLength(64);
        e.Property(x => x.Action).HasMaxLength(200);
        e.Property(x => x.Entity).HasMaxLength(100);
        e.Property(x => x.EntityId).HasMaxLength(200);
        e.Property(x => x.Operation).HasMaxLength(20);
        e.HasIndex(x => x.At).HasDatabaseName("ix_audit_entries_at");
        e.HasIndex(x => new { x.Actor, x.At }).HasDatabaseName("ix_audit_entries_actor");
        e.HasIndex(x => new { x.Entity, x.EntityId }).HasDatabaseName("ix_audit_entries_entity");
    }
}
