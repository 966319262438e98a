using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Assessment;

public static class AssessmentSetup
{
    /// <summary>Assessment and spike alerts, configured from the <c>Assessment</c> section (see <see cref="AssessmentOptions"/>).</summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services, IConfiguration section)
    {
        var options = new AssessmentOptions();
        section.Bind(options);
        if (options.Weights.Count == 0)
            options.Weights = AssessmentOptions.DefaultWeights();
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<MetricFold>();
        services.AddSingleton<SpikeDetection>();
        services.AddScoped<AssessmentReport>();
        return services;
    }
}
