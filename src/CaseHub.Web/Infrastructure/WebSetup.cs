using System.Text.Json.Serialization;
using CaseHub.Cases.Features;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Assessment;
using CaseHub.Web.Features.Open311;
using CaseHub.Workflows;
using CaseHub.Workflows.Timers;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Features.Live;
using Serilog;

namespace CaseHub.Web.Infrastructure;

public static class WebSetup
{
    /// <summary>Serilog behind Microsoft.Extensions.Logging, configured from the <c>Serilog</c> section.</summary>
    public static IHostApplicationBuilder AddCaseHubLogging(this IHostApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    public static IHostApplicationBuilder AddCaseHubWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });

        builder.AddCaseHubAccess();
        services.AddLiveUpdates();

        services.AddCaseWorkflows(builder.Configuration);
        services.AddCaseIntake(builder.Configuration.GetSection("Intake"));
        services.AddOrganisation();
        services.AddItems();
        services.AddOpen311();
        services.AddAssessment(builder.Configuration.GetSection("Assessment"));
        services.AddHostedService<AssessmentWorker>();
        services.AddSingleton<TimerWorkerStatus>();
        services.AddHostedService<TimerWorker>();
        return builder;
    }
}
