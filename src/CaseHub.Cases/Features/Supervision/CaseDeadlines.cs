using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Calendar;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>
/// Starts, stops, pauses and moves the clocks of a case's stages, and keeps each open clock's card timers
/// in step with it. Nothing here saves: changes commit with the state change that caused them.
/// </summary>
public sealed class CaseDeadlines(CaseHubDbContext db, WorkCalendarProvider calendars, ItemClassifier items, SupervisionOptions options)
{
    public const string CardTimerKind = "case.card";

    // Open clocks by case, read once per unit of work: intake and dispatch start and stop several clocks of one case
    // in a row, and each would otherwise query for the ones still open.
    private readonly Dictionary<Guid, List<CaseDeadline>> _open = [];

    /// <summary>
    /// Starts <paramref name="stage"/>'s clock at <paramref name="startedAt"/>, closing (as not met) any clock of the
    /// same stage still open. <paramref name="fixedLimit"/> is a workflow's own limit, in clock or working time.
    /// </summary>
    public async Task<CaseDeadline> StartAsync(Case @case, CaseStage stage, Guid? departmentId, DateTimeOffset startedAt, DateTimeOffset now,
        WorkflowDuration? fixedLimit = null, CancellationToken cancellationToken = default)
    {
        await CloseAsync(@case.Id, now, met: false, [stage], cancellationToken);
        var item = @case.ItemId is { } itemId ? await items.ItemAsync(itemId, db, cancellationToken) : null;
        var (unit, limit) = fixedLimit is { } own
            ? (own.Unit switch { DurationUnit.WorkingDays => LimitUnit.WorkingDays, DurationUnit.WorkingHours => LimitUnit.WorkingHours, _ => LimitUnit.Minutes }, own.Amount)
            : options.LimitFor(stage, @case.Kind, item?.TimeLimits);
        var deadline = new CaseDeadline
        {
            Id = Guid.CreateVersion7(now),
            CaseId = @case.Id,
            Stage = stage,
            DepartmentId = departmentId,
            StartedAt = startedAt,
            Unit = unit,
            Limit = limit,
        };
        var calendar = await calendars.GetAsync(cancellationToken);
        Plan(deadline, calendar, options.CardRuleFor(item?.Code, @case.Grade), startedAt, FullLimit(deadline, calendar));
        db.Add(deadline);
        (await OpenAsync(@case.Id, cancellationToken)).Add(deadline);
        Schedule(deadline, now);
        return deadline;
    }

    /// <summary>Closes the case's open clocks of <paramref name="stages"/> (all stages when empty); returns them.</summary>
    public async Task<IReadOnlyList<CaseDeadline>> CloseAsync(Guid caseId, DateTimeOffset now, bool met, IReadOnlyCollection<CaseStage> stages, CancellationToken cancellationToken = default)
    {
        var closing = (await OpenAsync(caseId, cancellationToken)).Where(d => stages.Count == 0 || stages.Contains(d.Stage)).ToList();
        foreach (var deadline in closing)
        {
            deadline.ClosedAt = now;
            deadline.Met = met;
            deadline.PausedAt = null;
            await UnscheduleAsync(deadline, cancellationToken);
            if (deadline.OnTime && InTimeMetrics.TryGetValue(deadline.Stage, out var metric)
                && await db.Set<Case>().FindAsync([caseId], cancellationToken) is { } @case)
                CaseMetrics.Record(db, metric, @case, now, deadline.DepartmentId);
        }
        return closing;
    }

    public Task<IReadOnlyList<CaseDeadline>> MeetAsync(Guid caseId, DateTimeOffset now, CancellationToken cancellationToken, params CaseStage[] stages) =>
        CloseAsync(caseId, now, met: true, stages, cancellationToken);

    /// <summary>The assessment's "within the limit" counts, recorded when a stage is met on time.</summary>
    private static readonly Dictionary<CaseStage, CaseMetric> InTimeMetrics = new()
    {
        [CaseStage.Dispatch] = CaseMetric.DispatchedInTime,
        [CaseStage.Accept] = CaseMetric.AcceptedInTime,
        [CaseStage.Completion] = CaseMetric.CompletedOnTime,
    };

    /// <summary>
    /// Auto-dispatch happens before any dispatch clock starts: it counts as in time when it came within the
    /// dispatch limit of intake, which it nearly always does.
    /// </summary>
    public async Task DispatchedAsync(Case @case, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = await MeetAsync(@case.Id, now, cancellationToken, CaseStage.Dispatch);
        if (closed.Count > 0)
            return;
        var item = @case.ItemId is { } itemId ? await items.ItemAsync(itemId, db, cancellationToken) : null;
        var (_, minutes) = options.LimitFor(CaseStage.Dispatch, @case.Kind, item?.TimeLimits);
        if (now - @case.ReceivedAt <= TimeSpan.FromMinutes(minutes))
            CaseMetrics.Record(db, CaseMetric.DispatchedInTime, @case, now);
    }

    /// <summary>Suspension: stops every open clock and remembers how much of its limit was left.</summary>
    public async Task PauseAsync(Guid caseId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var calendar = await calendars.GetAsync(cancellationToken);
        foreach (var deadline in (await OpenAsync(caseId, cancellationToken)).Where(d => d.PausedAt is null))
        {
            deadline.RemainingWhenPaused = Remaining(deadline, calendar, now);
            deadline.PausedAt = now;
            deadline.Generation++;
            await UnscheduleAsync(deadline, cancellationToken);
        }
    }

    /// <summary>Resumption: each paused clock runs again with the limit it had left, so its due time moves by the time paused.</summary>
    public async Task<IReadOnlyList<CaseDeadline>> ResumeAsync(Case @case, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var calendar = await calendars.GetAsync(cancellationToken);
        var rule = await CardRuleForAsync(@case, cancellationToken);
        var resumed = (await OpenAsync(@case.Id, cancellationToken)).Where(d => d.PausedAt is not null).ToList();
        foreach (var deadline in resumed)
        {
            Plan(deadline, calendar, rule, now, deadline.RemainingWhenPaused ?? TimeSpan.Zero);
            deadline.PausedAt = null;
            deadline.RemainingWhenPaused = null;
            deadline.Generation++;
            Schedule(deadline, now);
        }
        return resumed;
    }

    /// <summary>An approved extension: the clock is due at <paramref name="dueAt"/>, and its cards are rescheduled to match.</summary>
    public async Task ExtendAsync(Case @case, CaseDeadline deadline, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var calendar = await calendars.GetAsync(cancellationToken);
        var rule = await CardRuleForAsync(@case, cancellationToken);
        var total = Between(deadline.Unit, calendar, deadline.StartedAt, dueAt);
        deadline.DueAt = dueAt;
        deadline.BlueAt = Add(deadline.Unit, calendar, deadline.StartedAt, total * rule.BlueShare!.Value);
        deadline.RedAt = calendar.AddWorkingDays(dueAt, rule.RedMarginWorkingDays!.Value);
        deadline.Generation++;
        await UnscheduleAsync(deadline, cancellationToken);
        Schedule(deadline, now);
    }

    /// <summary>The activity types whose tasks carry a stage's due time.</summary>
    private static readonly Dictionary<CaseStage, string[]> TaskTypes = new()
    {
        [CaseStage.Dispatch] = ["CaseHub.ManualDispatch"],
        [CaseStage.Completion] = ["CaseHub.Handle"],
        [CaseStage.Callback] = ["CaseHub.Callback"],
    };

    /// <summary>Copies a moved due time to the case (for completion) and to the open tasks of the stage.</summary>
    public async Task SyncDueAsync(Case @case, CaseDeadline deadline, CancellationToken cancellationToken)
    {
        if (deadline.Stage == CaseStage.Completion)
            @case.DueAt = deadline.DueAt;
        if (@case.WorkflowInstanceId is not { } instanceId || !TaskTypes.TryGetValue(deadline.Stage, out var types))
            return;
        var tasks = await db.Set<HumanTask>()
            .Where(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Open && types.Contains(t.ActivityType))
            .ToListAsync(cancellationToken);
        foreach (var task in tasks)
            task.DueAt = deadline.DueAt;
    }

    /// <summary>The case's open clocks, including those started in this unit of work and not yet saved.</summary>
    public async Task<List<CaseDeadline>> OpenAsync(Guid caseId, CancellationToken cancellationToken)
    {
        if (!_open.TryGetValue(caseId, out var open))
            _open[caseId] = open = db.IsBeingReceived(caseId) ? []
                : await db.Set<CaseDeadline>().Where(d => d.CaseId == caseId && d.ClosedAt == null).ToListAsync(cancellationToken);
        open.RemoveAll(d => d.ClosedAt is not null);
        return open;
    }

    /// <summary>Working time (or clock time, for clock units) left before the due time; negative when overdue.</summary>
    public static TimeSpan Remaining(CaseDeadline deadline, WorkCalendar calendar, DateTimeOffset now) =>
        deadline.RemainingWhenPaused ?? Between(deadline.Unit, calendar, now, deadline.DueAt);

    private async Task<CardRule> CardRuleForAsync(Case @case, CancellationToken cancellationToken)
    {
        var itemCode = @case.ItemId is { } itemId ? (await items.ItemAsync(itemId, db, cancellationToken))?.Code : null;
        return options.CardRuleFor(itemCode, @case.Grade);
    }

    private static void Plan(CaseDeadline deadline, WorkCalendar calendar, CardRule rule, DateTimeOffset from, TimeSpan remaining)
    {
        var full = FullLimit(deadline, calendar);
        var untilBlue = remaining - full * (1 - rule.BlueShare!.Value);
        deadline.DueAt = Add(deadline.Unit, calendar, from, remaining);
        deadline.BlueAt = Add(deadline.Unit, calendar, from, untilBlue > TimeSpan.Zero ? untilBlue : TimeSpan.Zero);
        deadline.RedAt = calendar.AddWorkingDays(deadline.DueAt, rule.RedMarginWorkingDays!.Value);
    }

    private static TimeSpan FullLimit(CaseDeadline deadline, WorkCalendar calendar) => deadline.Unit switch
    {
        LimitUnit.Minutes => TimeSpan.FromMinutes(deadline.Limit),
        LimitUnit.NaturalHours or LimitUnit.WorkingHours => TimeSpan.FromHours(deadline.Limit),
        LimitUnit.WorkingDays => deadline.Limit * calendar.WorkingDayLength,
        _ => throw new ArgumentOutOfRangeException(nameof(deadline)),
    };

    private static bool IsWorkingTime(LimitUnit unit) => unit is LimitUnit.WorkingHours or LimitUnit.WorkingDays;

    private static DateTimeOffset Add(LimitUnit unit, WorkCalendar calendar, DateTimeOffset from, TimeSpan amount) =>
        IsWorkingTime(unit) ? calendar.AddWorkingTime(from, amount) : (from + amount).ToUniversalTime();

    private static TimeSpan Between(LimitUnit unit, WorkCalendar calendar, DateTimeOffset from, DateTimeOffset to) =>
        IsWorkingTime(unit) ? calendar.WorkingTimeBetween(from, to) : to - from;

    private void Schedule(CaseDeadline deadline, DateTimeOffset now)
    {
        foreach (var (colour, flag, at) in new[]
        {
            (CardColour.Blue, CardFlags.Blue, deadline.BlueAt),
            (CardColour.Yellow, CardFlags.Yellow, deadline.DueAt),
            (CardColour.Red, CardFlags.Red, deadline.RedAt),
        })
        {
            if (deadline.Cards.HasFlag(flag))
                continue;
            db.Add(new WorkflowTimer
            {
                Id = Guid.CreateVersion7(now),
                Kind = CardTimerKind,
                DueAt = at,
                SubjectId = deadline.Id,
                PayloadJson = JsonSerializer.Serialize(new CardTimerPayload(colour, deadline.Generation)),
                CreatedAt = now,
            });
        }
    }

    private async Task UnscheduleAsync(CaseDeadline deadline, CancellationToken cancellationToken)
    {
        var saved = await db.Set<WorkflowTimer>().Where(t => t.SubjectId == deadline.Id && t.Kind == CardTimerKind).ToListAsync(cancellationToken);
        foreach (var timer in saved.Union(db.Set<WorkflowTimer>().Local.Where(t => t.SubjectId == deadline.Id && t.Kind == CardTimerKind)).ToList())
            db.Remove(timer);
    }
}

public sealed record CardTimerPayload(CardColour Colour, int Generation);
