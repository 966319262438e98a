using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Organisation;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> e)
    {
        e.ToTable("org_units");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(50);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Path).HasMaxLength(400);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_org_units_code");
        e.HasIndex(x => x.ParentId).HasDatabaseName("ix_org_units_parent");
        e.HasIndex(x => x.Path).HasDatabaseName("ix_org_units_path");
        e.HasIndex(x => x.Level).HasDatabaseName("ix_org_units_level");
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> e)
    {
        e.ToTable("departments");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(50);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_departments_code");
        e.HasIndex(x => x.OrgUnitId).HasDatabaseName("ix_departments_org_unit");
    }
}

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> e)
    {
        e.ToTable("staff_users");
        e.HasKey(x => x.Id);
        e.Property(x => x.UserName).HasMaxLength(100);
        e.Property(x => x.DisplayName).HasMaxLength(100);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasIndex(x => x.UserName).IsUnique().HasDatabaseName("ux_staff_users_user_name");
    }
}
