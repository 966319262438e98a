using CaseHub.Cases.Features.Intake;

namespace CaseHub.Cases.Features.Reply;

/// <summary>How a reply reaches the citizen. Which adapter serves a channel is configuration (<see cref="ReplyOptions.Channels"/>).</summary>
public enum ReplyAdapter
{
    /// <summary>POSTs the reply to the hotline system, which calls or texts the citizen back.</summary>
    Webhook = 1,
    /// <summary>Texts the complainant's phone through the configured <see cref="ISmsGateway"/>.</summary>
    Sms = 2,
    /// <summary>Shows the reply on the public status page (the citizen app and website read it there).</summary>
    StatusPage = 3,
    /// <summary>Shows the reply as the Open311 request's status_notes.</summary>
    Open311 = 4,
    /// <summary>A notice to staff (a card for a department and its centre), POSTed to the notice webhook, e.g. the government OA system; logged when none is set.</summary>
    Notice = 5,
}

/// <summary>The <c>Reply</c> section: adapters per channel, the hotline webhook, and the outbox's retry schedule.</summary>
public sealed class ReplyOptions
{
    /// <summary>
    /// Adapter per channel name, overriding the defaults: Hotline → Webhook when <see cref="WebhookOptions.Url"/> is set, else Sms;
    /// Open311 → Open311; every other channel → StatusPage.
    /// </summary>
    public Dictionary<string, ReplyAdapter> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>Where staff notices (cards) go besides the in-app notifications, e.g. the OA or messaging system. Default none: logged only.</summary>
    public WebhookOptions NoticeWebhook { get; set; } = new();

    /// <summary>Deliveries tried before a message becomes a dead letter. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; it doubles after each further one. Default 30 seconds.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two tries. Default 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public ReplyAdapter AdapterFor(Channel channel) =>
        Channels.TryGetValue(channel.ToString(), out var configured) ? configured : channel switch
        {
            Channel.Hotline => string.IsNullOrWhiteSpace(Webhook.Url) ? ReplyAdapter.Sms : ReplyAdapter.Webhook,
            Channel.Open311 => ReplyAdapter.Open311,
            _ => ReplyAdapter.StatusPage,
        };

    /// <summary>The wait before the next try after <paramref name="failures"/> failed ones: doubling from the first delay, capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var seconds = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Max(0, failures - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryDelay.TotalSeconds));
    }

    public void Validate()
    {
        if (MaxAttempts is < 1 or > 100)
            throw new InvalidOperationException($"Reply:MaxAttempts must be between 1 and 100 (got {MaxAttempts}).");
        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
            throw new InvalidOperationException("Reply:FirstRetryDelay must be positive and no longer than Reply:MaxRetryDelay.");
        if (!string.IsNullOrWhiteSpace(Webhook.Url) && !Uri.TryCreate(Webhook.Url, UriKind.Absolute, out _))
            throw new InvalidOperationException($"Reply:Webhook:Url '{Webhook.Url}' is not an absolute URL.");
        foreach (var (channel, adapter) in Channels)
        {
            if (!Enum.TryParse<Channel>(channel, ignoreCase: true, out _))
                throw new InvalidOperationException($"Reply:Channels names '{channel}', which is not a channel.");
            if (adapter == ReplyAdapter.Webhook && string.IsNullOrWhiteSpace(Webhook.Url))
                throw new InvalidOperationException($"Reply:Channels sends {channel} to the webhook, but Reply:Webhook:Url is not set.");
        }
    }
}

/// <summary>The hotline system's webhook (<c>Reply:Webhook</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Where replies are POSTed. Default none, so hotline replies go out by SMS.</summary>
    public string? Url { get; set; }

    /// <summary>How long one POST may take before it counts as failed. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The <c>Callback</c> section: 回访 after the reply.</summary>
public sealed class CallbackOptions
{
    /// <summary>Days (natural days unless a working calendar replaces <see cref="ICallbackDeadline"/>) without an answer before the case closes itself. Default 3.</summary>
    public int AutoCloseAfterDays { get; set; } = 3;

    /// <summary>"Not satisfied" answers that reopen the case (重办) before the next one goes to arbitration. Default 2.</summary>
    public int MaxReopens { get; set; } = 2;

    public void Validate()
    {
        if (AutoCloseAfterDays is < 1 or > 365)
            throw new InvalidOperationException($"Callback:AutoCloseAfterDays must be between 1 and 365 (got {AutoCloseAfterDays}).");
        if (MaxReopens is < 0 or > 100)
            throw new InvalidOperationException($"Callback:MaxReopens must be between 0 and 100 (got {MaxReopens}).");
    }
}
