using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Supervision;

internal sealed class CaseDeadlineConfiguration : IEntityTypeConfiguration<CaseDeadline>
{
    public void Configure(EntityTypeBuilder<CaseDeadline> e)
    {
        e.ToTable("case_deadlines");
        e.HasKey(x => x.Id);
        e.Ignore(x => x.IsOpen);
        e.Ignore(x => x.OnTime);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.CaseId).HasDatabaseName("ix_case_deadlines_case");
        // The overdue board reads only open clocks, by due time; closed ones (nearly all, at scale) stay out of this index.
        e.HasIndex(x => x.DueAt).HasFilter("closed_at IS NULL").HasDatabaseName("ix_case_deadlines_open_due");
    }
}

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> e)
    {
        e.ToTable("cards");
        e.HasKey(x => x.Id);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<CaseDeadline>().WithMany().HasForeignKey(x => x.DeadlineId).OnDelete(DeleteBehavior.Cascade);
        // Exactly once each: a second attempt to issue the same colour for the same clock fails here.
        e.HasIndex(x => new { x.DeadlineId, x.Colour }).IsUnique().HasDatabaseName("ux_cards_deadline_colour");
        e.HasIndex(x => x.CaseId).HasDatabaseName("ix_cards_case");
        e.HasIndex(x => new { x.DepartmentId, x.IssuedAt }).HasDatabaseName("ix_cards_department_issued");
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> e)
    {
        e.ToTable("case_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(50);
        e.Property(x => x.Actor).HasMaxLength(100);
        e.Property(x => x.Text).HasMaxLength(4000);
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.CaseId, x.At }).HasDatabaseName("ix_case_events_case_at");
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.ToTable("notifications");
        e.HasKey(x => x.Id);
        e.Property(x => x.Recipient).HasMaxLength(100);
        e.Property(x => x.Kind).HasMaxLength(50);
        e.Property(x => x.Text).HasMaxLength(1000);
        e.Property(x => x.ReadBy).HasMaxLength(100);
        e.HasIndex(x => new { x.Recipient, x.CreatedAt }).HasDatabaseName("ix_notifications_recipient_created");
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> e)
    {
        e.ToTable("extension_requests");
        e.HasKey(x => x.Id);
        e.Property(x => x.Reason).HasMaxLength(2000);
        e.Property(x => x.RequestedBy).HasMaxLength(100);
        e.Property(x => x.DecidedBy).HasMaxLength(100);
        e.Property(x => x.DecisionNote).HasMaxLength(2000);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<CaseDeadline>().WithMany().HasForeignKey(x => x.DeadlineId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.CaseId).HasDatabaseName("ix_extension_requests_case");
        // One pending request per clock, also when two are sent at once.
        e.HasIndex(x => x.DeadlineId).IsUnique().HasFilter("status = 0").HasDatabaseName("ux_extension_requests_pending");
        e.HasIndex(x => x.Status).HasFilter("status = 0").HasDatabaseName("ix_extension_requests_pending");
    }
}

internal sealed class EscalationConfiguration : IEntityTypeConfiguration<Escalation>
{
    public void Configure(EntityTypeBuilder<Escalation> e)
    {
        e.ToTable("escalations");
        e.HasKey(x => x.Id);
        e.Property(x => x.Note).HasMaxLength(2000);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.Property(x => x.ClosedBy).HasMaxLength(100);
        e.Property(x => x.ClosingNote).HasMaxLength(2000);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.CaseId).HasDatabaseName("ix_escalations_case");
        e.HasIndex(x => new { x.CentreId, x.CreatedAt }).HasFilter("closed_at IS NULL").HasDatabaseName("ix_escalations_open_centre");
    }
}

internal sealed class SupervisionOrderConfiguration : IEntityTypeConfiguration<SupervisionOrder>
{
    public void Configure(EntityTypeBuilder<SupervisionOrder> e)
    {
        e.ToTable("supervision_orders");
        e.HasKey(x => x.Id);
        e.Property(x => x.Demand).HasMaxLength(2000);
        e.Property(x => x.Response).HasMaxLength(4000);
        e.Property(x => x.IssuedBy).HasMaxLength(100);
        e.Property(x => x.RespondedBy).HasMaxLength(100);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.CaseId).HasDatabaseName("ix_supervision_orders_case");
        e.HasIndex(x => new { x.DepartmentId, x.DueAt }).HasFilter("status = 0").HasDatabaseName("ix_supervision_orders_open_department");
    }
}
