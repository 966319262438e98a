using CaseHub.Workflows.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Cases.Features.Reply;

public static class ReplySetup
{
    /// <summary>
    /// The outbox and its adapters from the <c>Reply</c> section, and the callback's options from <c>Callback</c>. A host
    /// registers its own <see cref="ISmsGateway"/> or <see cref="ICallbackDeadline"/> before this to replace the defaults.
    /// </summary>
    public static IServiceCollection AddReply(this IServiceCollection services, IConfiguration configuration)
    {
        var reply = new ReplyOptions();
        configuration.GetSection("Reply").Bind(reply);
        reply.Validate();
        services.AddSingleton(reply);
        var callback = new CallbackOptions();
        configuration.GetSection("Callback").Bind(callback);
        callback.Validate();
        services.AddSingleton(callback);

        services.AddSingleton<ReplyOutbox>();
        services.AddScoped<CaseStatusPage>();
        services.AddScoped<ITimerHandler, OutboxDelivery>();
        services.AddHttpClient(WebhookReplyAdapter.HttpClientName, client => client.Timeout = reply.Webhook.Timeout);
        services.TryAddSingleton<ISmsGateway, LoggingSmsGateway>();
        services.TryAddSingleton<ICallbackDeadline, NaturalDaysCallbackDeadline>();
        services.AddSingleton<IReplyAdapter, WebhookReplyAdapter>();
        services.AddSingleton<IReplyAdapter, SmsReplyAdapter>();
        services.AddHttpClient(NoticeAdapter.HttpClientName, client => client.Timeout = reply.NoticeWebhook.Timeout);
        services.AddSingleton<IReplyAdapter, NoticeAdapter>();
        services.AddSingleton<IReplyAdapter>(new PublishingReplyAdapter(ReplyAdapter.StatusPage));
        services.AddSingleton<IReplyAdapter>(new PublishingReplyAdapter(ReplyAdapter.Open311));
        return services;
    }
}
