using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Items;

/// <summary>
/// A dispatcher confirmed (or chose) <see cref="ItemId"/> for a case described by <see cref="Text"/>.
/// The classifier learns n-gram weights from these. Append-only, so it carries no row version.
/// </summary>
public sealed class ClassificationFeedback
{
    public Guid Id { get; set; }
    public Guid ItemId { get; set; }
    public required string Text { get; set; }
    public required string ConfirmedBy { get; set; }
    public DateTimeOffset ConfirmedAt { get; set; }
}

internal sealed class ClassificationFeedbackConfiguration : IEntityTypeConfiguration<ClassificationFeedback>
{
    public void Configure(EntityTypeBuilder<ClassificationFeedback> e)
    {
        e.ToTable("classification_feedback");
        e.HasKey(x => x.Id);
        e.Property(x => x.Text).HasMaxLength(ItemClassifier.MaxTextLength);
        e.Property(x => x.ConfirmedBy).HasMaxLength(100);
        e.HasOne<Item>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.ItemId).HasDatabaseName("ix_classification_feedback_item");
        e.HasIndex(x => x.ConfirmedAt).HasDatabaseName("ix_classification_feedback_confirmed_at");
    }
}
