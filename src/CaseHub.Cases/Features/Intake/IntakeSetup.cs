using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Intake;

public static class IntakeSetup
{
    public static IServiceCollection AddCaseIntake(this IServiceCollection services, IConfiguration section)
    {
        var options = new IntakeOptions();
        section.Bind(options);
        services.AddSingleton(options);
        services.AddScoped<CaseIntake>();
        services.AddSingleton<TrackingNumbers>();
        services.AddSingleton<CaseChanges>();
        services.AddSingleton<CaseTextSearch>();
        return services;
    }
}
