using CaseHub.Cases.Features.Calendar;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Workflows.Activities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>The points where case activities start and stop the stage clocks, so each activity says it in one line.</summary>
public static class CaseClocks
{
    private static readonly CaseStage[] HandlingStages = [CaseStage.Accept, CaseStage.FirstContact, CaseStage.Completion];

    private static CaseDeadlines Deadlines(ActivityContext context) => context.Services.GetRequiredService<CaseDeadlines>();

    /// <summary>The dispatch clock runs from intake the first time, and from the return when a case comes back.</summary>
    public static async Task<CaseDeadline> StartDispatchClockAsync(this ActivityContext context, Case @case, WorkflowDuration? fixedLimit)
    {
        var dispatchedBefore = !context.Db.IsBeingReceived(@case.Id)
            && await context.Db.Set<CaseDeadline>().AnyAsync(d => d.CaseId == @case.Id && d.Stage == CaseStage.Dispatch);
        return await Deadlines(context).StartAsync(@case, CaseStage.Dispatch, null, dispatchedBefore ? context.Now : @case.ReceivedAt, context.Now, fixedLimit);
    }

    public static Task DispatchedAsync(this ActivityContext context, Case @case) =>
        Deadlines(context).DispatchedAsync(@case, context.Now, default);

    /// <summary>回访: the centre's clock to call the citizen back runs from the end of handling.</summary>
    public static Task<CaseDeadline> StartCallbackClockAsync(this ActivityContext context, Case @case) =>
        Deadlines(context).StartAsync(@case, CaseStage.Callback, null, context.Now, context.Now);

    /// <summary>The callback was answered (met) or ran out without an answer (not met).</summary>
    public static Task CallbackEndedAsync(this ActivityContext context, Case @case, bool answered) =>
        Deadlines(context).CloseAsync(@case.Id, context.Now, answered, [CaseStage.Callback]);

    /// <summary>
    /// A department starts on the case: its accept, first-contact (until the citizen has once been contacted) and
    /// completion clocks start, and a grade-A case is escalated to the next level's centre.
    /// </summary>
    public static async Task<CaseDeadline> StartHandlingClocksAsync(this ActivityContext context, Case @case, Guid departmentId, WorkflowDuration? fixedLimit)
    {
        var deadlines = Deadlines(context);
        if (@case.Status != CaseStatus.Accepted)
            await deadlines.StartAsync(@case, CaseStage.Accept, departmentId, context.Now, context.Now);
        var isNew = context.Db.IsBeingReceived(@case.Id);
        if (isNew || !await context.Db.Set<CaseDeadline>().AnyAsync(d => d.CaseId == @case.Id && d.Stage == CaseStage.FirstContact && d.Met))
            await deadlines.StartAsync(@case, CaseStage.FirstContact, departmentId, context.Now, context.Now);
        var completion = await deadlines.StartAsync(@case, CaseStage.Completion, departmentId, context.Now, context.Now, fixedLimit);
        @case.DueAt = completion.DueAt;

        var options = context.Services.GetRequiredService<SupervisionOptions>();
        if (options.EscalateGradeA && @case.Grade == CaseGrade.A
            && (isNew || !await context.Db.Set<Escalation>().AnyAsync(e => e.CaseId == @case.Id && e.Reason == EscalationReason.GradeA)))
            await context.Services.GetRequiredService<Escalations>().EscalateAsync(@case, EscalationReason.GradeA, null, "system:supervision", context.Now, default);
        return completion;
    }

    /// <summary>The department finished: its clocks stop as met (an unaccepted case counts as accepted now).</summary>
    public static Task HandledAsync(this ActivityContext context, Case @case) =>
        Deadlines(context).MeetAsync(@case.Id, context.Now, default, HandlingStages);

    /// <summary>The department returned the case: its clocks stop, not met.</summary>
    public static Task ReturnedAsync(this ActivityContext context, Case @case) =>
        Deadlines(context).CloseAsync(@case.Id, context.Now, met: false, HandlingStages);

    /// <summary>The case ended: whatever clock still runs stops.</summary>
    public static Task EndedAsync(this ActivityContext context, Case @case) =>
        Deadlines(context).CloseAsync(@case.Id, context.Now, met: false, []);

    /// <summary>Shandong's rule: a department returns a case within N working days of its dispatch, or not at all.</summary>
    public static async Task<bool> MayStillReturnAsync(IServiceProvider services, Case @case, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (@case.DispatchedAt is not { } dispatchedAt)
            return true;
        var calendar = await services.GetRequiredService<WorkCalendarProvider>().GetAsync(cancellationToken);
        var limit = services.GetRequiredService<SupervisionOptions>().ReturnWithinWorkingDays;
        return at <= calendar.AddWorkingDays(dispatchedAt, limit);
    }
}
