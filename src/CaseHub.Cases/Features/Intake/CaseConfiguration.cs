using System.Text.Json;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Intake;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> e)
    {
        e.ToTable("cases");
        e.HasKey(x => x.Id);
        e.Property(x => x.TrackingNumber).HasMaxLength(20);
        e.Property(x => x.ExternalId).HasMaxLength(100);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Description).HasMaxLength(4000);
        e.Property(x => x.Address).HasMaxLength(500);
        e.Property(x => x.ReplyText).HasMaxLength(4000);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.ComplexProperty(x => x.Complainant, c =>
        {
            c.Property(p => p.Name).HasColumnName("complainant_name").HasMaxLength(100);
            c.Property(p => p.Phone).HasColumnName("complainant_phone").HasMaxLength(30);
            c.Property(p => p.IdNumber).HasColumnName("complainant_id_number").HasMaxLength(30);
        });
        e.Property(x => x.Attachments)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => JsonSerializer.Deserialize<List<AttachmentInfo>>(v, JsonSerializerOptions.Web) ?? new List<AttachmentInfo>(),
                new ValueComparer<List<AttachmentInfo>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()))
            .HasColumnName("attachments_json");

        e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Item>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.ProbableDuplicateOfId).OnDelete(DeleteBehavior.Restrict);

        e.HasIndex(x => x.TrackingNumber).IsUnique().HasDatabaseName("ux_cases_tracking_number");
        // Intake is idempotent per channel and external id; cases without one are not constrained, as unique indexes
        // treat nulls as distinct. Not a partial index: the planner would then prefer ix_cases_channel_received for
        // the parameterised lookup and read every case of the channel.
        e.HasIndex(x => new { x.Channel, x.ExternalId }).IsUnique().HasDatabaseName("ux_cases_channel_external_id");
        e.HasIndex(x => new { x.Status, x.ReceivedAt }).HasDatabaseName("ix_cases_status_received");
        e.HasIndex(x => new { x.DepartmentId, x.Status, x.DueAt }).HasDatabaseName("ix_cases_department_status_due");
        // A department's open cases, soonest due first, straight from the index (the inbox at 10 M cases).
        e.HasIndex(x => new { x.DepartmentId, x.DueAt }).HasFilter("status IN (2, 3)").HasDatabaseName("ix_cases_department_open_due");
        e.HasIndex(x => new { x.JurisdictionId, x.Status, x.ReceivedAt }).HasDatabaseName("ix_cases_jurisdiction_status_received");
        // Duplicate detection looks for cases of the same item within a few dozen metres and hours. Keyed by place, the
        // scan covers one thin band of latitude and checks longitude and time inside the index; keyed by time, it read
        // every case of the item in the window, which grows with the day's volume (a busy item has thousands).
        e.HasIndex(x => new { x.ItemId, x.Latitude, x.Longitude, x.ReceivedAt }).HasDatabaseName("ix_cases_item_location");
        e.HasIndex(x => x.GridId).HasDatabaseName("ix_cases_grid");
        // The daily spike pass counts one day's cases per item and jurisdiction; this covers it without reading the rows.
        e.HasIndex(x => new { x.ReceivedAt, x.ItemId, x.JurisdictionId }).HasDatabaseName("ix_cases_received_item_jurisdiction");
        // Open311 lists a channel's requests newest first within a date window.
        e.HasIndex(x => new { x.Channel, x.ReceivedAt }).HasDatabaseName("ix_cases_channel_received");
        // Partial: few cases are (probable) duplicates, and the lookups ask for one parent's children.
        e.HasIndex(x => x.DuplicateOfId).HasFilter("duplicate_of_id IS NOT NULL").HasDatabaseName("ix_cases_duplicate_of");
        e.HasIndex(x => x.ProbableDuplicateOfId).HasFilter("probable_duplicate_of_id IS NOT NULL").HasDatabaseName("ix_cases_probable_duplicate_of");
        e.HasIndex(x => x.WorkflowInstanceId).HasDatabaseName("ix_cases_workflow_instance");
        // ix_cases_complainant_phone (complainant_phone, received_at) is created by the IndexCasesByComplainantPhone
        // migrations: EF cannot declare an index over a complex property's column.
        foreach (var queue in CaseQueues.All)
            e.HasIndex(x => new { x.ReceivedAt, x.Id }, CaseQueues.IndexName(queue)).HasDatabaseName(CaseQueues.IndexName(queue))
                .HasFilter(queue.IndexFilter).IncludeProperties(x => new { x.DepartmentId, x.GridId, x.JurisdictionId });
    }
}

internal sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> e)
    {
        e.ToTable("counters");
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(100);
    }
}
