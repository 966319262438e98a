using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Activities.Builtins;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;
using CaseHub.Workflows.Timers;
using CaseHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Workflows;

public static class WorkflowEngineSetup
{
    /// <summary>
    /// Registers the engine. It needs a scoped <see cref="Microsoft.EntityFrameworkCore.DbContext"/> whose model
    /// applies <c>ApplyWorkflowModel()</c>. Hosts add their own activities with <see cref="AddActivity{T}"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<TimerOptions>? timers = null,
        Action<JavaScriptOptions>? javaScript = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var timerOptions = new TimerOptions();
        timers?.Invoke(timerOptions);
        services.AddSingleton(timerOptions);
        var javaScriptOptions = new JavaScriptOptions();
        javaScript?.Invoke(javaScriptOptions);
        javaScriptOptions.Validate();
        services.AddSingleton(javaScriptOptions);

        services.AddActivity<StartActivity>()
            .AddActivity<EndActivity>()
            .AddActivity<FinishActivity>()
            .AddActivity<WriteLineActivity>()
            .AddActivity<SetVariableActivity>()
            .AddActivity<FlowDecisionActivity>()
            .AddActivity<FlowSwitchActivity>()
            .AddActivity<FlowForkActivity>()
            .AddActivity<FlowJoinActivity>()
            .AddActivity<DelayActivity>()
            .AddActivity<StartAtActivity>()
            .AddActivity<EventActivity>()
            .AddActivity<PublishEventActivity>()
            .AddActivity<HumanTaskActivity>();

        services.TryAddSingleton<IWorkingTime, AroundTheClock>();
        services.AddSingleton<ActivityRegistry>();
        services.AddSingleton<ExpressionEvaluator>();
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<PublishedDefinitionCache>();
        services.AddSingleton<TimerDispatcher>();
        services.AddScoped<WorkflowDefinitionService>();
        services.AddScoped<WorkflowRuntime>();
        services.AddScoped<HumanTaskService>();
        services.AddScoped<ITimerHandler, ResumeTimerHandler>();
        return services;
    }

    public static IServiceCollection AddActivity<T>(this IServiceCollection services) where T : Activity
    {
        services.AddSingleton<T>();
        services.AddSingleton<Activity>(sp => sp.GetRequiredService<T>());
        return services;
    }
}
