using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Timers;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>
/// Issues the card a due card timer stands for. The timer's deletion, the card and its effects commit together,
/// and a card exists at most once per clock and colour, so each card is issued exactly once.
/// </summary>
public sealed class CardTimerHandler(CaseHubDbContext db, CardIssuer cards, TimeProvider time) : IBatchTimerHandler
{
    public string Kind => CaseDeadlines.CardTimerKind;

    /// <summary>Cards fall in crowds at 17:30 on a busy day: load the batch's clocks, cases and yellow cards in three queries.</summary>
    public async Task PrepareAsync(IReadOnlyList<WorkflowTimer> timers, CancellationToken cancellationToken)
    {
        var deadlineIds = timers.Select(t => t.SubjectId).OfType<Guid>().Distinct().ToList();
        var caseIds = (await db.Set<CaseDeadline>().Where(d => deadlineIds.Contains(d.Id)).ToListAsync(cancellationToken))
            .Select(d => d.CaseId).Distinct().ToList();
        await db.Set<Case>().Where(c => caseIds.Contains(c.Id)).LoadAsync(cancellationToken);
        var yellows = await db.Set<Card>().AsNoTracking().Where(c => caseIds.Contains(c.CaseId) && c.Colour == CardColour.Yellow)
            .Select(c => new { c.CaseId, c.DeadlineId }).ToListAsync(cancellationToken);
        cards.YellowCardsLoadedFor(caseIds, yellows.Select(y => (y.CaseId, y.DeadlineId)));
    }

    public async Task FireAsync(WorkflowTimer timer, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<CardTimerPayload>(timer.PayloadJson ?? "null");
        if (payload is null || timer.SubjectId is not { } deadlineId)
            return;
        var deadline = await db.Set<CaseDeadline>().FindAsync([deadlineId], cancellationToken);
        // A clock that stopped, paused or moved since this timer was scheduled has nothing for it to do.
        if (deadline is null || !deadline.IsOpen || deadline.PausedAt is not null || deadline.Generation != payload.Generation)
            return;
        var reason = payload.Colour switch
        {
            CardColour.Blue => "时限即将届满（预警）",
            CardColour.Yellow => "办理超时",
            _ => "超时超过红牌宽限期",
        };
        await cards.IssueAsync(deadline, payload.Colour, reason, time.GetUtcNow(), cancellationToken);
    }
}

public sealed class CardIssuer(CaseHubDbContext db, Escalations escalations, Reply.ReplyOutbox outbox, Reply.ReplyOptions replyOptions)
{
    // The yellow cards this issuer knows of, by case: those it issued, and for a prepared batch all saved ones, so the
    // second-yellow check needs neither a query per card nor DbSet.Local (whose change detection is quadratic in a batch).
    private readonly Dictionary<Guid, HashSet<Guid>> _yellowDeadlines = [];
    private readonly HashSet<Guid> _yellowsLoaded = [];

    /// <summary>Every saved yellow card of <paramref name="caseIds"/> is in <paramref name="yellows"/>.</summary>
    public void YellowCardsLoadedFor(IEnumerable<Guid> caseIds, IEnumerable<(Guid CaseId, Guid DeadlineId)> yellows)
    {
        _yellowsLoaded.UnionWith(caseIds);
        foreach (var (caseId, deadlineId) in yellows)
            KnowYellow(caseId, deadlineId);
    }

    private void KnowYellow(Guid caseId, Guid deadlineId)
    {
        if (!_yellowDeadlines.TryGetValue(caseId, out var deadlines))
            _yellowDeadlines[caseId] = deadlines = [];
        deadlines.Add(deadlineId);
    }

    private static readonly Dictionary<CaseStage, string> StageNames = new()
    {
        [CaseStage.Dispatch] = "派单",
        [CaseStage.Accept] = "签收",
        [CaseStage.FirstContact] = "首次联系",
        [CaseStage.Completion] = "办结",
        [CaseStage.Callback] = "回访",
    };

    /// <summary>A stage as staff read it in Chinese (派单, 签收 …).</summary>
    internal static string StageName(CaseStage stage) => StageNames.GetValueOrDefault(stage, stage.ToString());

    private static readonly Dictionary<CardColour, string> ColourNames = new()
    {
        [CardColour.Blue] = "蓝牌预警",
        [CardColour.Yellow] = "黄牌",
        [CardColour.Red] = "红牌",
    };

    /// <summary>e.g. 签收环节黄牌：办理超时.</summary>
    public static string Describe(CaseStage stage, CardColour colour, string reason) => $"{StageNames[stage]}环节{ColourNames[colour]}：{reason}";

    public async Task IssueAsync(CaseDeadline deadline, CardColour colour, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var flag = (CardFlags)(1 << ((int)colour - 1));
        if (deadline.Cards.HasFlag(flag))
            return;
        deadline.Cards |= flag;
        var @case = await db.Set<Case>().FindAsync([deadline.CaseId], cancellationToken)
            ?? throw new InvalidOperationException($"Case {deadline.CaseId} of deadline {deadline.Id} does not exist.");
        if (colour == CardColour.Yellow)
            KnowYellow(deadline.CaseId, deadline.Id);
        db.Add(new Card
        {
            Id = Guid.CreateVersion7(now),
            CaseId = deadline.CaseId,
            DeadlineId = deadline.Id,
            Stage = deadline.Stage,
            DepartmentId = deadline.DepartmentId,
            Colour = colour,
            IssuedAt = now,
            Reason = reason,
        });
        CaseMetrics.Record(db, colour switch { CardColour.Blue => CaseMetric.BlueCard, CardColour.Yellow => CaseMetric.YellowCard, _ => CaseMetric.RedCard },
            @case, now, deadline.DepartmentId);
        var department = deadline.DepartmentId is { } id ? await db.Set<Department>().FindAsync([id], cancellationToken) : null;
        var text = $"案件 {@case.TrackingNumber} {Describe(deadline.Stage, colour, reason)}";
        foreach (var recipient in await RecipientsAsync(department, cancellationToken))
        {
            CaseTimeline.Notify(db, recipient, @case.Id, $"card.{colour.ToString().ToLowerInvariant()}", text, now);
            // Only an outside system needs a message: without a notice webhook the in-app notification is the notice.
            if (!string.IsNullOrWhiteSpace(replyOptions.NoticeWebhook.Url))
                outbox.EnqueueNotice(db, @case, recipient, text, now);
        }

        if (colour == CardColour.Yellow && await HasOtherYellowAsync(deadline, cancellationToken))
            await IssueAsync(deadline, CardColour.Red, "同一案件第二张黄牌", now, cancellationToken);
        if (colour == CardColour.Red)
            await escalations.EscalateAsync(@case, EscalationReason.RedCard, text, "system:supervision", now, cancellationToken);
    }

    /// <summary>The department and the command centre that supervises it; the dispatch centre for the centre's own stages.</summary>
    private async Task<IReadOnlyList<string>> RecipientsAsync(Department? department, CancellationToken cancellationToken)
    {
        if (department is null)
            return [Recipients.DispatchCentre];
        var unit = await db.Set<OrgUnit>().FindAsync([department.OrgUnitId], cancellationToken);
        return unit is null ? [CaseWorkflow.DepartmentGroup(department.Code)] : [CaseWorkflow.DepartmentGroup(department.Code), Recipients.Centre(unit.Code)];
    }

    private async Task<bool> HasOtherYellowAsync(CaseDeadline deadline, CancellationToken cancellationToken) =>
        _yellowDeadlines.TryGetValue(deadline.CaseId, out var known) && known.Any(id => id != deadline.Id)
        || !_yellowsLoaded.Contains(deadline.CaseId)
            && await db.Set<Card>().AnyAsync(c => c.CaseId == deadline.CaseId && c.Colour == CardColour.Yellow && c.DeadlineId != deadline.Id, cancellationToken);
}

/// <summary>Who notifications go to.</summary>
public static class Recipients
{
    /// <summary>The centre's dispatchers, for the dispatch stage and anything not yet with a department.</summary>
    public const string DispatchCentre = "dispatch";

    /// <summary>The command centre of an org unit (city, district or street), which supervises the departments there.</summary>
    public static string Centre(string orgUnitCode) => $"centre:{orgUnitCode}";
}

/// <summary>Writes a case's timeline and notifications; they commit with the change they describe.</summary>
public static class CaseTimeline
{
    public static CaseEvent Add(DbContext db, Guid caseId, string kind, string text, string? actor, DateTimeOffset now)
    {
        var entry = new CaseEvent { Id = Guid.CreateVersion7(now), CaseId = caseId, At = now, Kind = kind, Text = text, Actor = actor };
        db.Add(entry);
        return entry;
    }

    public static void Notify(DbContext db, string recipient, Guid? caseId, string kind, string text, DateTimeOffset now) =>
        db.Add(new Notification { Id = Guid.CreateVersion7(now), Recipient = recipient, CaseId = caseId, Kind = kind, Text = text, CreatedAt = now });
}
