using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseHub.Workflows.Tests.Harness;

/// <summary>A stand-in for a domain row that changes in the same unit of work as the workflow.</summary>
public sealed class TestCase : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    public required string Number { get; set; }
    public string Status { get; set; } = "New";
    public long RowVersion { get; set; }
}

/// <summary>The engine's tables on SQLite, as a host's one DbContext would hold them, plus one domain table.</summary>
public sealed class TestWorkflowDbContext(DbContextOptions<TestWorkflowDbContext> options) : DbContext(options)
{
    public DbSet<TestCase> Cases => Set<TestCase>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.AddInterceptors(new RowVersionInterceptor());

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyWorkflowModel();
        modelBuilder.Entity<TestCase>(e =>
        {
            e.ToTable("test_cases");
            e.HasKey(x => x.Id);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.HasIndex(x => x.Number).IsUnique().HasDatabaseName("ux_test_cases_number");
        });
    }

    // SQLite has no timestamp type; the host stores DateTimeOffset as a long the same way.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}
