using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Intake;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Cases.Features.Reply;

/// <summary>
/// 一个口子出: writes reply messages into the outbox, each with a durable timer that delivers it. Both rows are only
/// added to the caller's unit of work, so they commit with the reply's state change or not at all.
/// </summary>
public sealed class ReplyOutbox(ReplyOptions options)
{
    /// <summary>The timer kind that delivers one outbox message (<see cref="OutboxDelivery"/>).</summary>
    public const string DeliverKind = "outbox.deliver";

    /// <summary>Records <paramref name="text"/> as <paramref name="recipient"/>'s reply and queues it for its complainant through its channel.</summary>
    public OutboxMessage Enqueue(DbContext db, Case recipient, string text, DateTimeOffset now)
    {
        recipient.ReplyText = text;
        recipient.RepliedAt = now;
        recipient.UpdatedAt = now;
        return Queue(db, recipient.Id, options.AdapterFor(recipient.Channel), null, text, now);
    }

    /// <summary>Queues a notice about <paramref name="about"/> for a staff group, e.g. a card for the department and its centre.</summary>
    public OutboxMessage EnqueueNotice(DbContext db, Case about, string recipient, string text, DateTimeOffset now) =>
        Queue(db, about.Id, ReplyAdapter.Notice, recipient, text, now);

    private OutboxMessage Queue(DbContext db, Guid caseId, ReplyAdapter adapter, string? recipient, string text, DateTimeOffset now)
    {
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            CaseId = caseId,
            Adapter = adapter,
            Recipient = recipient,
            Text = text,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Add(message);
        ScheduleDelivery(db, message, now);
        return message;
    }

    /// <summary>Puts a dead letter back in line with a fresh set of attempts.</summary>
    /// <exception cref="InvalidStateException">The message is not a dead letter.</exception>
    public async Task<OutboxMessage> RetryAsync(DbContext db, Guid messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = await db.Set<OutboxMessage>().FindAsync([messageId], cancellationToken) ?? throw new NotFoundException("Outbox message", messageId);
        if (message.Status != OutboxStatus.DeadLetter)
            throw new InvalidStateException(Bilingual.Text($"待发消息 {messageId} 状态为“{StatusZh(message.Status)}”，只有投递失败的消息才能重试。",
                $"Outbox message {messageId} is {message.Status}; only a dead letter can be retried."));
        message.Status = OutboxStatus.Pending;
        message.Attempts = 0;
        message.DeadLetteredAt = null;
        message.NextAttemptAt = now;
        // The adapter follows the configuration as it is now, which may have been fixed (a webhook URL set).
        if (await db.Set<Case>().FindAsync([message.CaseId], cancellationToken) is { } recipient)
            message.Adapter = options.AdapterFor(recipient.Channel);
        ScheduleDelivery(db, message, now);
        return message;
    }

    private static string StatusZh(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "待发送",
        OutboxStatus.Delivered => "已送达",
        OutboxStatus.DeadLetter => "投递失败",
        _ => status.ToString(),
    };

    internal static void ScheduleDelivery(DbContext db, OutboxMessage message, DateTimeOffset dueAt) =>
        db.Add(new WorkflowTimer
        {
            Id = Guid.CreateVersion7(dueAt),
            Kind = DeliverKind,
            DueAt = dueAt,
            PayloadJson = new JsonObject { ["messageId"] = message.Id }.ToJsonString(),
            CreatedAt = dueAt,
        });
}

/// <summary>
/// Delivers the outbox message named by an <c>outbox.deliver</c> timer. A failure is recorded on the message and a new timer
/// is added for the next try with exponential back-off; after <see cref="ReplyOptions.MaxAttempts"/> the message is a dead
/// letter. All of it commits with the timer's deletion. If the send succeeded but the commit fails, the timer fires again
/// and the receiver sees the same message id twice, which is why every adapter carries it.
/// </summary>
internal sealed partial class OutboxDelivery(
    DbContext db, IEnumerable<IReplyAdapter> adapters, ReplyOptions options, TimeProvider time, ILogger<OutboxDelivery> logger) : ITimerHandler
{
    public string Kind => ReplyOutbox.DeliverKind;

    public async Task FireAsync(WorkflowTimer timer, CancellationToken cancellationToken)
    {
        var messageId = JsonSerializer.Deserialize<JsonObject>(timer.PayloadJson ?? "{}")?["messageId"]?.GetValue<Guid>();
        if (messageId is null || await db.Set<OutboxMessage>().FindAsync([messageId.Value], cancellationToken) is not { Status: OutboxStatus.Pending } message)
            return; // delivered, dead or gone meanwhile: nothing left to do
        var recipient = await db.Set<Case>().FindAsync([message.CaseId], cancellationToken)
            ?? throw new InvalidOperationException($"Outbox message {message.Id} names case {message.CaseId}, which does not exist.");
        var adapter = adapters.FirstOrDefault(a => a.Kind == message.Adapter)
            ?? throw new InvalidOperationException($"No reply adapter '{message.Adapter}' is registered.");

        message.Attempts++;
        try
        {
            await adapter.SendAsync(message, recipient, cancellationToken);
        }
        catch (ReplyUndeliverableException e)
        {
            DeadLetter(message, e.Message);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout surfaces as a cancellation too; only the host's shutdown is let through.
            Failed(message, e);
            return;
        }
        var now = time.GetUtcNow();
        message.Status = OutboxStatus.Delivered;
        message.DeliveredAt = now;
        message.NextAttemptAt = null;
        LogDelivered(message.Id, message.Adapter, message.Attempts);
    }

    private void Failed(OutboxMessage message, Exception error)
    {
        if (message.Attempts >= options.MaxAttempts)
        {
            DeadLetter(message, error.Message);
            return;
        }
        var next = time.GetUtcNow() + options.RetryDelay(message.Attempts);
        message.LastError = Truncate(error.Message);
        message.NextAttemptAt = next;
        ReplyOutbox.ScheduleDelivery(db, message, next);
        LogFailed(message.Id, message.Adapter, message.Attempts, next, error);
    }

    private void DeadLetter(OutboxMessage message, string reason)
    {
        message.Status = OutboxStatus.DeadLetter;
        message.LastError = Truncate(reason);
        message.NextAttemptAt = null;
        message.DeadLetteredAt = time.GetUtcNow();
        LogDeadLetter(message.Id, message.Adapter, message.Attempts, reason);
    }

    private static string Truncate(string text) => text.Length > 2000 ? text[..2000] : text;

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Reply {MessageId} delivered by {Adapter} on attempt {Attempt}")]
    private partial void LogDelivered(Guid messageId, ReplyAdapter adapter, int attempt);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Reply {MessageId} by {Adapter} failed on attempt {Attempt}; next try at {NextAttemptAt}")]
    private partial void LogFailed(Guid messageId, ReplyAdapter adapter, int attempt, DateTimeOffset nextAttemptAt, Exception error);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Reply {MessageId} by {Adapter} is a dead letter after {Attempts} attempt(s): {Reason}")]
    private partial void LogDeadLetter(Guid messageId, ReplyAdapter adapter, int attempts, string reason);
}
