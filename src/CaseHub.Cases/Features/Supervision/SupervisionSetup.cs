using CaseHub.Cases.Features.Calendar;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Supervision;

public static class SupervisionSetup
{
    /// <summary>The working calendar (section <c>Calendar</c>), stage limits and card rules (section <c>Supervision</c>), and the supervision use cases.</summary>
    public static IServiceCollection AddSupervision(this IServiceCollection services, IConfiguration configuration)
    {
        var calendar = new CalendarOptions();
        configuration.GetSection("Calendar").Bind(calendar);
        calendar.ParseWorkingHours(); // a malformed setting stops the start, not the first deadline
        services.AddSingleton(calendar);
        services.AddSingleton<WorkCalendarProvider>();
        services.AddSingleton<IWorkingTime, CalendarWorkingTime>();

        var supervision = new SupervisionOptions();
        configuration.GetSection("Supervision").Bind(supervision);
        services.AddSingleton(supervision);

        services.AddScoped<CaseDeadlines>();
        services.AddScoped<CardIssuer>();
        services.AddScoped<Escalations>();
        services.AddScoped<CaseSupervision>();
        services.AddScoped<ExtensionRequests>();
        services.AddScoped<SupervisionOrders>();
        services.AddScoped<ITimerHandler, CardTimerHandler>();
        services.AddScoped<ITimerHandler, OrderOverdueTimerHandler>();
        return services;
    }
}
