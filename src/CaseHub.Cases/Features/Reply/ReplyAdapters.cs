using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Cases.Features.Intake;
using Microsoft.Extensions.Logging;

namespace CaseHub.Cases.Features.Reply;

/// <summary>Sends one outbox message. Throws when it failed; the outbox retries it with back-off.</summary>
public interface IReplyAdapter
{
    ReplyAdapter Kind { get; }

    /// <param name="recipient">The case whose complainant receives the message.</param>
    Task SendAsync(OutboxMessage message, Case recipient, CancellationToken cancellationToken);
}

/// <summary>A message that no retry can deliver (no phone number, no webhook configured): it becomes a dead letter at once.</summary>
public sealed class ReplyUndeliverableException(string message) : Exception(message);

/// <summary>Where a real SMS gateway plugs in. The default only logs, so nothing leaves the machine until one is registered.</summary>
public interface ISmsGateway
{
    /// <param name="messageId">Stable across retries, so a gateway that supports it can drop a repeat.</param>
    Task SendAsync(string phone, string text, Guid messageId, CancellationToken cancellationToken);
}

internal sealed partial class LoggingSmsGateway(ILogger<LoggingSmsGateway> logger) : ISmsGateway
{
    public Task SendAsync(string phone, string text, Guid messageId, CancellationToken cancellationToken)
    {
        // The text is case content and the phone is personal data: neither goes into an Information log in full.
        LogSms(messageId, PersonalData.MaskPhone(phone), text.Length);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "SMS {MessageId} to {Phone}, {Length} characters (logging gateway: nothing was sent)")]
    private partial void LogSms(Guid messageId, string? phone, int length);
}

internal sealed class SmsReplyAdapter(ISmsGateway gateway) : IReplyAdapter
{
    public ReplyAdapter Kind => ReplyAdapter.Sms;

    public Task SendAsync(OutboxMessage message, Case recipient, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(recipient.Complainant.Phone))
            throw new ReplyUndeliverableException($"Case {recipient.TrackingNumber} has no phone number to text the reply to.");
        var text = $"【12345】您反映的问题（编号 {recipient.TrackingNumber}）答复如下：{message.Text}";
        return gateway.SendAsync(recipient.Complainant.Phone, text, message.Id, cancellationToken);
    }
}

/// <summary>
/// POSTs the reply to the hotline system as JSON, with the message id in the <see cref="MessageIdHeader"/> header and the body,
/// so the hotline system can drop a repeat. Any answer other than 2xx counts as a failure.
/// </summary>
public sealed class WebhookReplyAdapter(IHttpClientFactory clients, ReplyOptions options) : IReplyAdapter
{
    public const string HttpClientName = "CaseHub.Reply.Webhook";
    public const string MessageIdHeader = "X-CaseHub-Message-Id";

    public ReplyAdapter Kind => ReplyAdapter.Webhook;

    public async Task SendAsync(OutboxMessage message, Case recipient, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Webhook.Url))
            throw new ReplyUndeliverableException("Reply:Webhook:Url is not set; set it and retry the message.");
        var body = new WebhookReply(message.Id, recipient.TrackingNumber, recipient.Channel.ToString(), recipient.ExternalId, message.Text, message.CreatedAt);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Webhook.Url) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Add(MessageIdHeader, message.Id.ToString());
        var client = clients.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The hotline webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }

    /// <summary>No complainant data: the hotline system knows its caller by its own id (<see cref="ExternalId"/>).</summary>
    private sealed record WebhookReply(Guid MessageId, string TrackingNumber, string Channel, string? ExternalId, string Text, DateTimeOffset RepliedAt);
}

/// <summary>
/// The status page and Open311 have nothing to send: they show a case's delivered reply, so delivering is marking it delivered.
/// </summary>
/// <summary>Staff notices: POSTed to <see cref="ReplyOptions.NoticeWebhook"/> when set, with the same message-id rule as replies; else logged.</summary>
public sealed partial class NoticeAdapter(IHttpClientFactory clients, ReplyOptions options, ILogger<NoticeAdapter> logger) : IReplyAdapter
{
    public const string HttpClientName = "CaseHub.Reply.Notice";

    public ReplyAdapter Kind => ReplyAdapter.Notice;

    public async Task SendAsync(OutboxMessage message, Case recipient, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.NoticeWebhook.Url))
        {
            LogNotice(message.Id, message.Recipient, recipient.TrackingNumber);
            return;
        }
        var body = new Notice(message.Id, message.Recipient, recipient.TrackingNumber, message.Text, message.CreatedAt);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.NoticeWebhook.Url) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Add(WebhookReplyAdapter.MessageIdHeader, message.Id.ToString());
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The notice webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }

    private sealed record Notice(Guid MessageId, string? Recipient, string TrackingNumber, string Text, DateTimeOffset CreatedAt);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Notice {MessageId} to {Recipient} about case {TrackingNumber} (no notice webhook: logged only)")]
    private partial void LogNotice(Guid messageId, string? recipient, string trackingNumber);
}

internal sealed class PublishingReplyAdapter(ReplyAdapter kind) : IReplyAdapter
{
    public ReplyAdapter Kind => kind;

    public Task SendAsync(OutboxMessage message, Case recipient, CancellationToken cancellationToken) => Task.CompletedTask;
}
