using CaseHub.Cases.Features.Dispatch;
using CaseHub.Cases.Features.Duplicates;
using CaseHub.Cases.Features.Handling;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Cases.Features.Reply;
using CaseHub.Workflows;
using CaseHub.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features;

public static class CaseWorkflowSetup
{
    /// <summary>The name under which expressions see the case: <c>c</c>, because <c>case</c> is reserved in ES5.</summary>
    public const string CaseGlobal = "c";

    /// <summary>
    /// The workflow engine configured for cases: timers and JavaScript limits from the <c>Timers</c> and
    /// <c>JavaScript</c> sections, the case activities, and the case as the expression global <c>c</c>.
    /// </summary>
    public static IServiceCollection AddCaseWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowEngine(
            timers => configuration.GetSection("Timers").Bind(timers),
            javaScript =>
            {
                configuration.GetSection("JavaScript").Bind(javaScript);
                javaScript.GlobalNames.Add(CaseGlobal);
            });
        services.AddActivity<LocateActivity>()
            .AddActivity<ClassifyActivity>()
            .AddActivity<DetectDuplicateActivity>()
            .AddActivity<AutoDispatchActivity>()
            .AddActivity<ManualDispatchActivity>()
            .AddActivity<HandleActivity>()
            .AddActivity<ReviewActivity>()
            .AddActivity<WhistleActivity>()
            .AddActivity<SelfHandleActivity>()
            .AddActivity<ReplyActivity>()
            .AddActivity<CallbackActivity>()
            .AddActivity<CloseActivity>();
        services.AddScoped<IExpressionGlobalsProvider, CaseExpressionGlobals>();
        services.AddSingleton<DispatchRules>();
        services.AddSingleton<CaseReferenceNames>();
        var duplicates = new DuplicateOptions();
        configuration.GetSection("Duplicates").Bind(duplicates);
        services.AddSingleton(duplicates);
        services.AddScoped<DuplicateFinder>();
        services.AddScoped<CaseMerge>();
        services.AddScoped<CaseAcceptance>();
        services.AddSupervision(configuration);
        services.AddReply(configuration);
        return services;
    }
}
