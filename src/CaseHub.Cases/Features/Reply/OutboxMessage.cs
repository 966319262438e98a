using CaseHub.Cases.Features.Intake;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Reply;

public enum OutboxStatus
{
    /// <summary>Waiting for its delivery timer (the first try, or the next one after a failure).</summary>
    Pending = 0,
    Delivered = 1,
    /// <summary>Failed <see cref="ReplyOptions.MaxAttempts"/> times, or can never be delivered; waits for a person to retry it.</summary>
    DeadLetter = 2,
}

/// <summary>
/// One reply to one complainant, written in the same transaction as the reply itself and delivered by a durable
/// timer (<see cref="OutboxDelivery"/>). <see cref="Id"/> is the message id receivers see on every try, so a
/// repeated delivery is recognisable as the same message.
/// </summary>
public sealed class OutboxMessage : IConcurrencyVersioned
{
    public Guid Id { get; set; }
    /// <summary>The case whose complainant receives it: the replied case, or a case merged into it.</summary>
    public Guid CaseId { get; set; }
    public ReplyAdapter Adapter { get; set; }
    /// <summary>Null for the case's complainant; a staff group (<c>dept:{code}</c>, <c>centre:{code}</c>) for a notice.</summary>
    public string? Recipient { get; set; }
    public required string Text { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the pending message is tried next; null once delivered or dead.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? DeadLetteredAt { get; set; }
    public long RowVersion { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("reply_outbox");
        e.HasKey(x => x.Id);
        e.Property(x => x.Text).HasMaxLength(4000);
        e.Property(x => x.LastError).HasMaxLength(2000);
        e.Property(x => x.Recipient).HasMaxLength(100);
        e.Property(x => x.RowVersion).IsConcurrencyToken();
        e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        // The outbox page lists one status newest first; dead letters must be findable without a scan.
        e.HasIndex(x => new { x.Status, x.CreatedAt }).HasDatabaseName("ix_reply_outbox_status_created");
        // The status page and Open311 show a case's latest delivered reply.
        e.HasIndex(x => new { x.CaseId, x.Status }).HasDatabaseName("ix_reply_outbox_case_status");
    }
}
