using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Items;

internal sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> e)
    {
        e.ToTable("items");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(50);
        e.Property(x => x.NameZh).HasMaxLength(200);
        e.Property(x => x.NameEn).HasMaxLength(200);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.ComplexProperty(x => x.TimeLimits, t =>
        {
            t.Property(p => p.DispatchMinutes).HasColumnName("limit_dispatch_minutes");
            t.Property(p => p.AcceptWorkingHours).HasColumnName("limit_accept_working_hours");
            t.Property(p => p.FirstContactWorkingHours).HasColumnName("limit_first_contact_working_hours");
            t.Property(p => p.CompletionWorkingDays).HasColumnName("limit_completion_working_days");
            t.Property(p => p.CallbackWorkingDays).HasColumnName("limit_callback_working_days");
        });
        e.HasOne<Item>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_items_code");
        e.HasIndex(x => x.ParentId).HasDatabaseName("ix_items_parent");
    }
}

internal sealed class ResponsibilityRuleConfiguration : IEntityTypeConfiguration<ResponsibilityRule>
{
    public void Configure(EntityTypeBuilder<ResponsibilityRule> e)
    {
        e.ToTable("responsibility_rules");
        e.HasKey(x => x.Id);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<Item>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.ItemId, x.OrgUnitId }).HasDatabaseName("ix_responsibility_rules_item_org_unit");
    }
}
