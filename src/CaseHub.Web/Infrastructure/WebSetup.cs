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
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context => ProblemTitles.InCallersLanguage(context.ProblemDetails));
        services.AddExceptionHandler<ProblemMapping>();
        // A value the framework cannot bind is thrown to ProblemMapping, which names the field; otherwise it is a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o.AddSchemaTransformer((schema, context, _) =>
        {
            // Request bodies are validated field by field on the server, so their fields may be left out; records make them all "required".
            var type = context.JsonTypeInfo.Type;
            if (type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.StartsWith("Intake", StringComparison.Ordinal) || type == typeof(AttachmentInfo))
                schema.Required?.Clear();
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Numbers are numbers: the web default also reads them from strings, which makes every number "number | string" in the OpenAPI document.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
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
