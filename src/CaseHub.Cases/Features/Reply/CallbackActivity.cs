using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Workflows;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Reply;

/// <summary>When an unanswered callback closes the case. Replace it to count working days on the SLA calendar.</summary>
public interface ICallbackDeadline
{
    DateTimeOffset AutoCloseAt(DateTimeOffset from);
}

/// <summary>The default: <see cref="CallbackOptions.AutoCloseAfterDays"/> natural days.</summary>
internal sealed class NaturalDaysCallbackDeadline(CallbackOptions options) : ICallbackDeadline
{
    public DateTimeOffset AutoCloseAt(DateTimeOffset from) => from.AddDays(options.AutoCloseAfterDays);
}

/// <summary>
/// 回访: asks the citizen whether they are satisfied and whether the problem was solved. Satisfied, partly satisfied, or no
/// answer by the deadline closes the case; not satisfied reopens it (重办) to the same department until the reopen limit,
/// after which it goes to arbitration. Whichever of the task and the deadline is left over is withdrawn by the runtime.
/// </summary>
public sealed class CallbackActivity : Activity
{
    public const string Satisfied = nameof(CallbackResult.Satisfied);
    public const string PartlySatisfied = nameof(CallbackResult.PartlySatisfied);
    public const string NotSatisfied = nameof(CallbackResult.NotSatisfied);

    public const string ActivityType = "CaseHub.Callback";

    public const string Closed = "Closed";
    public const string Reopen = "Reopen";
    public const string Arbitration = "Arbitration";

    public override ActivityDescriptor Descriptor { get; } = new(
        ActivityType, Categories.Cases, new("回访", "Callback"),
        new("回访诉求人：满意、基本满意或逾期未答复的结案；不满意的退回原承办单位重办，重办次数用完后转争议会商。",
            "Asks the citizen: satisfied, partly satisfied or no answer in time closes the case; not satisfied reopens it to the same department, and after the reopen limit sends it to arbitration."),
        [new InputDescriptor("queue", "String", UIHints.SingleLine, new("回访队列", "Queue"), DefaultValue: "callback")],
        [new(Closed, new("结案", "Closed")), new(Reopen, new("重办", "Reopen")), new(Arbitration, new("争议会商", "Arbitration"))],
        Icon: "phone");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var closeAt = context.Services.GetRequiredService<ICallbackDeadline>().AutoCloseAt(context.Now);
        // The task is due when the callback stage's limit runs out; the auto-close comes later, if nobody answers.
        var clock = await context.StartCallbackClockAsync(@case);
        context.CreateTask($"回访 {@case.TrackingNumber} {@case.Title}", context.GetString("queue") is { Length: > 0 } q ? q : "callback",
            [Satisfied, PartlySatisfied, NotSatisfied], dueAt: clock.DueAt);
        context.CreateTimer(closeAt);
        return ActivityResult.Wait();
    }

    public override ValueTask ValidateCompletionAsync(HumanTask task, string outcome, JsonObject? formData, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (ReadResolved(formData) is null)
            throw new InvalidRequestException("formData.resolved", Bilingual.Text("请记录诉求人是否表示问题已解决：true 或 false。",
                "Record whether the citizen says the problem was solved: true or false."));
        if (((string?)formData?["comment"])?.Length > 2000)
            throw new InvalidRequestException("formData.comment", Bilingual.Text("最多 2000 字。", "At most 2,000 characters."));
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeSignal signal)
    {
        var @case = await context.CaseOfAsync();
        var form = signal.Payload as JsonObject;
        var result = signal.Kind == WaitKind.Timer ? CallbackResult.NoAnswer : Enum.Parse<CallbackResult>(signal.Outcome ?? NotSatisfied);
        @case.CallbackResult = result;
        @case.CallbackResolved = signal.Kind == WaitKind.Timer ? null : ReadResolved(form);
        @case.CallbackAt = context.Now;
        @case.UpdatedAt = context.Now;
        await context.CallbackEndedAsync(@case, answered: result != CallbackResult.NoAnswer);
        if (result != CallbackResult.NoAnswer)
            RecordAnswer(context, @case, result);

        var port = Closed;
        if (result == CallbackResult.NotSatisfied)
        {
            var options = context.Services.GetRequiredService<CallbackOptions>();
            if (@case.ReopenCount < options.MaxReopens)
            {
                // 重办 goes back to the department that handled it, which the case still names.
                @case.ReopenCount++;
                @case.Status = CaseStatus.Dispatched;
                CaseMetrics.Record(context.Db, CaseMetric.Reopened, @case, context.Now);
                port = Reopen;
            }
            else
            {
                port = Arbitration;
            }
        }
        context.SetOutput(new JsonObject
        {
            ["result"] = result.ToString(),
            ["resolved"] = @case.CallbackResolved,
            ["comment"] = (string?)form?["comment"],
            ["by"] = signal.Actor,
            ["reopenCount"] = @case.ReopenCount,
        });
        return ActivityResult.Done(port);
    }

    /// <summary>The answer's counts for assessment, credited to the department that handled the case.</summary>
    private static void RecordAnswer(ActivityContext context, Case @case, CallbackResult result)
    {
        CaseMetrics.Record(context.Db, CaseMetric.CallbackAnswered, @case, context.Now);
        if (@case.CallbackResolved == true)
            CaseMetrics.Record(context.Db, CaseMetric.Resolved, @case, context.Now);
        if (result == CallbackResult.Satisfied)
            CaseMetrics.Record(context.Db, CaseMetric.Satisfied, @case, context.Now);
        if (result == CallbackResult.PartlySatisfied)
            CaseMetrics.Record(context.Db, CaseMetric.PartlySatisfied, @case, context.Now);
    }

    private static bool? ReadResolved(JsonObject? form) => form?["resolved"] switch
    {
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out string? s) && bool.TryParse(s, out var parsed) => parsed,
        _ => null,
    };
}
