using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Calendar;

public enum CalendarDayKind
{
    /// <summary>A statutory holiday (法定节假日) or a rest day moved by 调休: no working hours.</summary>
    Holiday = 1,
    /// <summary>A make-up working day (调休上班) on a weekend: a full working day.</summary>
    WorkingDay = 2,
}

/// <summary>A day that differs from the Monday–Friday week. Admins edit these; 2025 and 2026 ship as the State Council published them.</summary>
public sealed class CalendarDay : IConcurrencyVersioned
{
    public DateOnly Date { get; set; }
    public CalendarDayKind Kind { get; set; }
    /// <summary>What the day is, e.g. 国庆节 or 国庆节调休上班.</summary>
    public required string Name { get; set; }
    public long RowVersion { get; set; }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> e)
    {
        e.ToTable("calendar_days");
        e.HasKey(x => x.Date);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        // Shipped through the migrations, so they are written once and admins' later edits are never overwritten.
        e.HasData(StatutoryHolidays.All);
    }
}
