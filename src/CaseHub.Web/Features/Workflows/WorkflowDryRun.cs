using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Duplicates;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Workflows;

/// <summary>
/// The dry-run request. <c>definition</c> is an Elsa-3 workflow JSON object (default: the stored draft, else the newest
/// published version); <c>choices</c> are replayed in order; <c>startAt</c> is when the virtual case comes in (default now).
/// </summary>
public sealed record DryRunRequest(JsonObject? Definition = null, DryRunSample? Sample = null, List<DryRunChoice>? Choices = null, DateTimeOffset? StartAt = null);

/// <summary>The virtual case: the facts of an existing case (<c>caseId</c>), with any field given here taking precedence.</summary>
public sealed record DryRunSample(Guid? CaseId = null, string? Channel = null, string? Kind = null, string? ItemCode = null, double? Latitude = null,
    double? Longitude = null, string? Address = null, string? Title = null, string? Description = null);

/// <summary>
/// What happens at a waiting activity: a task outcome (with an optional form, e.g. <c>departmentCode</c> for manual
/// dispatch), <c>@timer</c> to let its timer run out, or <c>@event</c> to deliver its event with the form as payload.
/// </summary>
public sealed record DryRunChoice(string? ActivityId, string? Outcome, JsonObject? FormData = null);

public sealed record DryRunStep(DateTimeOffset At, string ActivityId, string ActivityType, string DisplayName, string Event, string? Outcome, string? Note);

public sealed record DryRunDepartment(string Code, string Name);

public sealed record DryRunDeadline(string Stage, string? DepartmentCode, DateTimeOffset StartedAt, DateTimeOffset BlueAt, DateTimeOffset DueAt,
    DateTimeOffset RedAt, DateTimeOffset? ClosedAt, bool Met);

public sealed record DryRunCard(string Colour, DateTimeOffset At, string Stage);

/// <summary>A point where the flow waits; <c>kind</c> is task, timer or event, and a choice there gives one of <c>outcomes</c>.</summary>
public sealed record DryRunWait(string ActivityId, string ActivityType, string Kind, IReadOnlyList<string> Outcomes, string? CandidateGroup, DateTimeOffset? DueAt);

public sealed record DryRunIncident(string ActivityId, string Message);

/// <summary>
/// <c>waiting</c> is the first task or event that needs a choice (null when the flow ended or faulted); <c>waits</c> is
/// everything it waits on, timers included, so a choice may also let a racing timer run out.
/// </summary>
public sealed record DryRunResult(
    DateTimeOffset StartedAt,
    DateTimeOffset Now,
    IReadOnlyList<DryRunStep> Steps,
    DryRunDepartment? Department,
    IReadOnlyList<DryRunDeadline> Deadlines,
    IReadOnlyList<DryRunCard> Cards,
    DryRunWait? Waiting,
    IReadOnlyList<DryRunWait> Waits,
    bool Ended,
    DateTimeOffset? EndedAt,
    IReadOnlyList<DryRunIncident> Incidents,
    string? StoppedBecause);

/// <summary>
/// 试运行: runs a definition for a virtual case on the real engine and activities, with a virtual clock, in a unit of
/// work of its own that is never saved (ADR 9). Reference data (items, rules, org units, calendar) is read as it is.
/// </summary>
public static class WorkflowDryRun
{
    private const string Actor = "dry-run";

    // Forms the case activities insist on; a dry run cares about the path, not the prose.
    private static readonly JsonObject DefaultForm = new()
    {
        ["result"] = "（试运行）已办结",
        ["reason"] = "（试运行）",
        ["resolved"] = true,
    };

    public static async Task<Ok<DryRunResult>> Run(string definitionId, HttpRequest request, CaseHubDbContext db, WorkflowDefinitionService definitions,
        IServiceScopeFactory scopes, TimeProvider time, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, cancellationToken, allowEmpty: true);
        var body = text.Length == 0
            ? new DryRunRequest()
            : RequestBody.ParseJson<DryRunRequest>(text, json.Value.SerializerOptions);
        var document = await DocumentAsync(definitionId, body.Definition, definitions, cancellationToken);
        var choices = Choices(body.Choices);
        var startAt = (body.StartAt ?? time.GetUtcNow()).ToUniversalTime();
        var facts = await SampleAsync(body.Sample, request.HttpContext, db, cancellationToken);

        await using var scope = scopes.CreateAsyncScope();
        var sandbox = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        EventHandler<SavingChangesEventArgs> refuse = (_, _) => throw new InvalidOperationException("A dry run must never save.");
        sandbox.SavingChanges += refuse; // the context is pooled: the handler must not outlive this request
        try
        {
            var @case = facts.ToCase(startAt);
            sandbox.Add(@case);
            if (facts.SourceCaseId is { } sourceId)
                scope.ServiceProvider.GetRequiredService<DuplicateFinder>().Excluded.Add(sourceId);
            var simulator = new WorkflowSimulator(sandbox, scope.ServiceProvider, document, startAt);
            var input = new JsonObject
            {
                ["caseId"] = @case.Id.ToString(),
                ["trackingNumber"] = @case.TrackingNumber,
                ["channel"] = @case.Channel.ToString(),
                ["kind"] = @case.Kind.ToString(),
            };
            var instance = await simulator.StartAsync(input, @case.Id.ToString(), Actor, cancellationToken);
            @case.WorkflowInstanceId = instance.Id;
            await simulator.RunAsync(choices, Actor, cancellationToken);
            return TypedResults.Ok(await ResultAsync(simulator, @case, sandbox, startAt, cancellationToken));
        }
        finally
        {
            sandbox.SavingChanges -= refuse;
            sandbox.ChangeTracker.Clear();
        }
    }

    private static async Task<WorkflowDocument> DocumentAsync(string definitionId, JsonObject? posted, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        string json;
        if (posted is not null)
            json = posted.ToJsonString();
        else
            json = (await definitions.FindDraftAsync(definitionId, cancellationToken) ?? await definitions.FindPublishedAsync(definitionId, null, cancellationToken)
                ?? throw new NotFoundException("Workflow", definitionId)).Json;
        var document = DefinitionEndpoints.ParseOrThrow(json, "definition");
        if (!document.Activities.Any(a => a.Type == WorkflowRuntime.StartType))
            throw new InvalidRequestException("definition.root.activities", Bilingual.Text(
                $"流程没有 {WorkflowRuntime.StartType} 活动，无法运行。",
                $"The flow has no {WorkflowRuntime.StartType} activity, so it cannot run."));
        return document;
    }

    private static List<SimulationChoice> Choices(List<DryRunChoice>? choices)
    {
        var list = new List<SimulationChoice>();
        for (var i = 0; i < (choices?.Count ?? 0); i++)
        {
            var choice = choices![i] ?? throw new InvalidRequestException($"choices[{i}]", Bilingual.Text("每个选择都必须是一个对象。", "A choice must be an object."));
            if (string.IsNullOrWhiteSpace(choice.ActivityId))
                throw new InvalidRequestException($"choices[{i}].activityId", Bilingual.Text("请指明在哪个活动做出此选择。", "Name the activity the choice is made at."));
            var form = (JsonObject)DefaultForm.DeepClone();
            foreach (var (key, value) in choice.FormData ?? [])
                form[key] = value?.DeepClone();
            list.Add(new SimulationChoice(choice.ActivityId, choice.Outcome, form));
        }
        return list;
    }

    private sealed record Facts(Guid? SourceCaseId, Channel Channel, CaseKind Kind, Item? Item, CaseGrade Grade, double? Latitude, double? Longitude, string? Address, string Title, string Description)
    {
        public Case ToCase(DateTimeOffset at) => new()
        {
            Id = Guid.CreateVersion7(at),
            TrackingNumber = "DRY-RUN", // no daily number is taken: the counter is real data
            Channel = Channel,
            Kind = Kind,
            Status = CaseStatus.New,
            ItemId = Item?.Id,
            Grade = Grade,
            Title = Title,
            Description = Description,
            Latitude = Latitude,
            Longitude = Longitude,
            Address = Address,
            ReceivedAt = at,
            UpdatedAt = at,
        };
    }

    private static async Task<Facts> SampleAsync(DryRunSample? sample, HttpContext http, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        sample ??= new DryRunSample();
        Case? source = null;
        if (sample.CaseId is { } caseId)
        {
            // The id came in the body, so a 404 names the field rather than echoing it.
            await (await http.StaffAsync()).EnsureCanSeeCaseAsync(db, caseId, cancellationToken, asked: "sample.caseId");
            source = await db.Set<Case>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken)
                ?? throw new NotFoundException("Case", caseId);
        }
        var channel = ParseEnum(sample.Channel, "sample.channel", source?.Channel ?? Channel.Hotline);
        var kind = ParseEnum(sample.Kind, "sample.kind", source?.Kind ?? CaseKind.Complaint);
        Item? item = null;
        if (!string.IsNullOrWhiteSpace(sample.ItemCode))
        {
            var code = sample.ItemCode.Trim();
            item = await db.Set<Item>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == code && i.IsActive, cancellationToken)
                ?? throw new InvalidRequestException("sample.itemCode", Bilingual.Text($"事项清单中没有启用的事项“{code}”。", $"There is no active item '{code}' in the item list."));
        }
        else if (source?.ItemId is { } itemId)
        {
            item = await db.Set<Item>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        }
        var latitude = sample.Latitude ?? source?.Latitude;
        var longitude = sample.Longitude ?? source?.Longitude;
        if (latitude is < -90 or > 90)
            throw new InvalidRequestException("sample.latitude", Bilingual.Text("纬度必须在 -90 到 90 之间。", "The latitude must be between -90 and 90."));
        if (longitude is < -180 or > 180)
            throw new InvalidRequestException("sample.longitude", Bilingual.Text("经度必须在 -180 到 180 之间。", "The longitude must be between -180 and 180."));
        var title = Trimmed(sample.Title) ?? source?.Title ?? item?.NameZh ?? "试运行案件";
        return new Facts(source?.Id, channel, kind, item, item?.DefaultGrade ?? source?.Grade ?? CaseGrade.C, latitude, longitude,
            Trimmed(sample.Address) ?? source?.Address, title, Trimmed(sample.Description) ?? source?.Description ?? title);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static T ParseEnum<T>(string? text, string field, T fallback) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        return Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidRequestException(field, Bilingual.Text(
                $"“{text}”不是有效值，可选：{string.Join("、", Enum.GetNames<T>())}。",
                $"'{text}' is not one of: {string.Join(", ", Enum.GetNames<T>())}."));
    }

    private static async Task<DryRunResult> ResultAsync(WorkflowSimulator simulator, Case @case, CaseHubDbContext db, DateTimeOffset startedAt,
        CancellationToken cancellationToken)
    {
        var instance = simulator.Instance!;
        var deadlines = db.Set<CaseDeadline>().Local.Where(d => d.CaseId == @case.Id).OrderBy(d => d.StartedAt).ThenBy(d => d.Stage).ToList();
        var departmentIds = deadlines.Select(d => d.DepartmentId).Append(@case.DepartmentId).OfType<Guid>().Distinct().ToList();
        var departments = await db.Set<Department>().AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        // A returned case no longer names a department; the last one it went to is still the answer to "where does it go".
        var departmentId = @case.DepartmentId ?? deadlines.LastOrDefault(d => d.DepartmentId is not null)?.DepartmentId;
        var department = departmentId is { } id && departments.TryGetValue(id, out var found) ? new DryRunDepartment(found.Code, found.Name) : null;

        var waits = simulator.Waits().Select(w => new DryRunWait(w.ActivityId, w.ActivityType, w.Kind.ToString().ToLowerInvariant(), w.Outcomes, w.CandidateGroup, w.DueAt)).ToList();
        var ended = instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled;
        var faulted = instance.Status == WorkflowStatus.Faulted;
        return new DryRunResult(
            startedAt,
            simulator.Clock.Now,
            Steps(simulator),
            department,
            [.. deadlines.Select(d => new DryRunDeadline(d.Stage.ToString(), d.DepartmentId is { } dep && departments.TryGetValue(dep, out var x) ? x.Code : null,
                d.StartedAt, d.BlueAt, d.DueAt, d.RedAt, d.ClosedAt, d.Met))],
            Cards(deadlines),
            ended || faulted ? null : waits.FirstOrDefault(w => w.Kind != "timer"),
            waits,
            ended,
            ended ? instance.FinishedAt : null,
            [.. simulator.Incidents().Select(i => new DryRunIncident(i.ActivityId, i.Message))],
            simulator.StoppedBecause);
    }

    /// <summary>
    /// The cards each clock would issue if nobody acted: all three for a clock still running, and for a stopped clock
    /// those that fell before it stopped (the virtual clock passed them while timers fired).
    /// </summary>
    private static List<DryRunCard> Cards(IEnumerable<CaseDeadline> deadlines) =>
    [
        .. deadlines
            .SelectMany(d => new[] { (CardColour.Blue, d.BlueAt), (CardColour.Yellow, d.DueAt), (CardColour.Red, d.RedAt) }
                .Where(c => d.ClosedAt is null || c.Item2 < d.ClosedAt)
                .Select(c => new DryRunCard(c.Item1.ToString(), c.Item2, d.Stage.ToString())))
            .OrderBy(c => c.At),
    ];

    private static List<DryRunStep> Steps(WorkflowSimulator simulator)
    {
        var tasks = simulator.Tasks();
        var steps = new List<DryRunStep>();
        foreach (var entry in simulator.Journal())
        {
            var node = simulator.Document.Find(entry.ActivityId);
            var note = entry.Message;
            if (entry.Event == JournalEvent.Waiting && tasks.LastOrDefault(t => t.ActivityId == entry.ActivityId && t.CreatedAt <= entry.EndedAt) is { } task)
                note = task.DueAt is { } due
                    ? Bilingual.Text($"交给 {task.CandidateGroup} 的人工任务，期限 {due:O}", $"Task for {task.CandidateGroup}, due {due:O}")
                    : Bilingual.Text($"交给 {task.CandidateGroup} 的人工任务", $"Task for {task.CandidateGroup}");
            else if (entry.Event == JournalEvent.Resumed && entry.Actor == "system:timer")
                note ??= Bilingual.Text("定时器已触发", "Timer fired");
            steps.Add(new DryRunStep(entry.EndedAt, entry.ActivityId, entry.ActivityType, node?.Name ?? entry.ActivityType,
                entry.Event.ToString(), entry.Outcome, note));
        }
        return steps;
    }
}
