using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Workflows.Persistence;

/// <summary>Adds the engine's tables to the application's one DbContext.</summary>
public static class WorkflowModel
{
    public static ModelBuilder ApplyWorkflowModel(this ModelBuilder model)
    {
        model.ApplyConfiguration(new DefinitionConfiguration());
        model.ApplyConfiguration(new InstanceConfiguration());
        model.ApplyConfiguration(new HumanTaskConfiguration());
        model.ApplyConfiguration(new TimerConfiguration());
        model.ApplyConfiguration(new EventBookmarkConfiguration());
        model.ApplyConfiguration(new JournalConfiguration());
        model.ApplyConfiguration(new IncidentConfiguration());
        return model;
    }

    private sealed class DefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionVersion>
    {
        public void Configure(EntityTypeBuilder<WorkflowDefinitionVersion> e)
        {
            e.ToTable("workflow_definitions");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Property(x => x.SourceHash).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique().HasDatabaseName("ux_workflow_definitions_definition_version");
            e.HasIndex(x => new { x.DefinitionId, x.Status }).HasDatabaseName("ix_workflow_definitions_definition_status");
        }
    }

    private sealed class InstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
    {
        public void Configure(EntityTypeBuilder<WorkflowInstance> e)
        {
            e.ToTable("workflow_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.CorrelationId).HasMaxLength(200);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.HasOne<WorkflowDefinitionVersion>().WithMany().HasForeignKey(x => x.DefinitionVersionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.CorrelationId).HasDatabaseName("ix_workflow_instances_correlation");
            e.HasIndex(x => new { x.DefinitionVersionId, x.Status }).HasDatabaseName("ix_workflow_instances_version_status");
            e.HasIndex(x => new { x.DefinitionId, x.Status }).HasDatabaseName("ix_workflow_instances_definition_status");
        }
    }

    private sealed class HumanTaskConfiguration : IEntityTypeConfiguration<HumanTask>
    {
        public void Configure(EntityTypeBuilder<HumanTask> e)
        {
            e.ToTable("human_tasks");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActivityId).HasMaxLength(100);
            e.Property(x => x.ActivityType).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.CandidateGroup).HasMaxLength(100);
            e.Property(x => x.Assignee).HasMaxLength(100);
            e.Property(x => x.Outcome).HasMaxLength(100);
            e.Property(x => x.CompletedBy).HasMaxLength(100);
            e.Property(x => x.CorrelationId).HasMaxLength(200);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            // The queue page: open tasks of a group by due time.
            e.HasIndex(x => new { x.CandidateGroup, x.Status, x.DueAt }).HasDatabaseName("ix_human_tasks_group_status_due");
            e.HasIndex(x => new { x.Assignee, x.Status }).HasDatabaseName("ix_human_tasks_assignee_status");
            e.HasIndex(x => x.InstanceId).HasDatabaseName("ix_human_tasks_instance");
            e.HasIndex(x => x.CorrelationId).HasDatabaseName("ix_human_tasks_correlation");
        }
    }

    private sealed class TimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
    {
        public void Configure(EntityTypeBuilder<WorkflowTimer> e)
        {
            e.ToTable("workflow_timers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.ActivityId).HasMaxLength(100);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => x.DueAt).HasDatabaseName("ix_workflow_timers_due");
            e.HasIndex(x => x.InstanceId).HasDatabaseName("ix_workflow_timers_instance");
            e.HasIndex(x => x.SubjectId).HasDatabaseName("ix_workflow_timers_subject");
        }
    }

    private sealed class EventBookmarkConfiguration : IEntityTypeConfiguration<WorkflowEventBookmark>
    {
        public void Configure(EntityTypeBuilder<WorkflowEventBookmark> e)
        {
            e.ToTable("workflow_event_bookmarks");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActivityId).HasMaxLength(100);
            e.Property(x => x.EventName).HasMaxLength(200);
            e.Property(x => x.CorrelationId).HasMaxLength(200);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.EventName, x.CorrelationId }).HasDatabaseName("ix_workflow_event_bookmarks_name_correlation");
            e.HasIndex(x => x.InstanceId).HasDatabaseName("ix_workflow_event_bookmarks_instance");
        }
    }

    private sealed class JournalConfiguration : IEntityTypeConfiguration<WorkflowJournalEntry>
    {
        public void Configure(EntityTypeBuilder<WorkflowJournalEntry> e)
        {
            e.ToTable("workflow_journal");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActivityId).HasMaxLength(100);
            e.Property(x => x.ActivityType).HasMaxLength(100);
            e.Property(x => x.Outcome).HasMaxLength(500);
            e.Property(x => x.Message).HasMaxLength(4000);
            e.Property(x => x.Actor).HasMaxLength(100);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            // Not unique: a losing concurrent run must fail on the instance's row version, not on a journal insert.
            e.HasIndex(x => new { x.InstanceId, x.Sequence }).HasDatabaseName("ix_workflow_journal_instance_sequence");
        }
    }

    private sealed class IncidentConfiguration : IEntityTypeConfiguration<WorkflowIncident>
    {
        public void Configure(EntityTypeBuilder<WorkflowIncident> e)
        {
            e.ToTable("workflow_incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActivityId).HasMaxLength(100);
            e.Property(x => x.ActivityType).HasMaxLength(100);
            e.Property(x => x.Message).HasMaxLength(2000);
            e.Property(x => x.ResolvedBy).HasMaxLength(100);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.InstanceId, x.ResolvedAt }).HasDatabaseName("ix_workflow_incidents_instance_resolved");
        }
    }
}
