using CaseHub.Web.Features.Access;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Access;
using CaseHub.Cases.Features.Calendar;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Supervision;

public sealed record ReasonRequest(string? Reason);
public sealed record NoteRequest(string? Note);
public sealed record TextRequest(string? Text);
public sealed record OrderRequest(string? Demand, DateTimeOffset? DueAt);
public sealed record OrderResponseRequest(string? Response);
public sealed record ExtensionRequestBody(CaseStage? Stage, DateTimeOffset? RequestedDueAt, string? Reason);

public sealed record DeadlineDto(
    Guid Id, string Stage, string? DepartmentCode, DateTimeOffset StartedAt, string Unit, double Limit,
    DateTimeOffset BlueAt, DateTimeOffset DueAt, DateTimeOffset RedAt, bool Open, bool Paused, bool Met, bool? OnTime, DateTimeOffset? ClosedAt,
    /// <summary>Working minutes (clock minutes for clock limits) left; negative when overdue; null once closed.</summary>
    double? RemainingMinutes, IReadOnlyList<string> Cards);

public sealed record OverdueDto(Guid CaseId, string TrackingNumber, string Title, string Stage, string? DepartmentCode, string? DepartmentName,
    DateTimeOffset DueAt, double OverdueWorkingMinutes, IReadOnlyList<string> Cards);

public sealed record CardDto(Guid Id, Guid CaseId, string Stage, Guid? DepartmentId, string Colour, DateTimeOffset IssuedAt, string Reason);
public sealed record TimelineEntryDto(DateTimeOffset At, string Kind, string? Actor, string Text);
public sealed record EscalationDto(Guid Id, Guid CaseId, string TrackingNumber, string CentreCode, string CentreName, string Reason, string? Note,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ClosedAt, string? ClosedBy, string? ClosingNote);
public sealed record ExtensionDto(Guid Id, Guid CaseId, string Stage, string Reason, DateTimeOffset PreviousDueAt, DateTimeOffset RequestedDueAt,
    string Status, string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote);
public sealed record OrderDto(Guid Id, Guid CaseId, Guid? DepartmentId, string Demand, DateTimeOffset DueAt, string IssuedBy, DateTimeOffset IssuedAt,
    string Status, string? Response, string? RespondedBy, DateTimeOffset? RespondedAt, DateTimeOffset? EscalatedAt);
public sealed record NotificationDto(Guid Id, string Recipient, Guid? CaseId, string Kind, string Text, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? ReadBy);

/// <summary>督办: case clocks and cards, suspension, first contact, reminders, orders, extensions, escalation, the overdue board and notifications.</summary>
public static class SupervisionEndpoints
{
    public static RouteGroupBuilder MapSupervision(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases/{id:guid}").WithTags("Supervision").RequireCaseInScope();
        cases.MapGet("/deadlines", Deadlines).WithSummary("The case's stage clocks with due times, remaining working time and cards.");
        cases.MapGet("/timeline", Timeline).WithSummary("What happened to the case: workflow steps, cards, reminders, orders, extensions, escalation, suspension.");
        cases.MapGet("/cards", CaseCards).WithSummary("The case's cards.");
        cases.MapPost("/suspend", Suspend).Body<ReasonRequest>().RequireHandlingSide().WithSummary("挂起: pauses the case's clocks (`{reason}`).");
        cases.MapPost("/resume", Resume).RequireHandlingSide().WithSummary("Resumes a suspended case; the clocks keep the time they had left.");
        cases.MapPost("/contact", Contact).Body<NoteRequest>().RequireHandlingSide().WithSummary("首次联系: the department has contacted the citizen (`{note}`).");
        cases.MapPost("/reminders", Remind).Body<TextRequest>().RequireAuthorization(Policies.Supervise).WithSummary("催办: a reminder to the handling department (`{text}`).");
        cases.MapPost("/escalate", Escalate).Body<NoteRequest>().RequireAuthorization(Policies.Supervise).WithSummary("提级: raises the case to the next level's command centre (`{note}`).");
        cases.MapGet("/orders", CaseOrders).WithSummary("The case's supervision orders, newest first, with their responses.");
        cases.MapPost("/orders", IssueOrder).Body<OrderRequest>().RequireAuthorization(Policies.Supervise).WithSummary("督办: an order to the department with a demand and a response deadline.");
        cases.MapPost("/extensions", RequestExtension).Body<ExtensionRequestBody>().RequireHandlingSide().WithSummary("延期申请: asks, before the deadline, for a later one (`{stage?, requestedDueAt, reason}`).");

        var board = api.MapGroup("/supervision").WithTags("Supervision");
        var supervising = board.MapGroup("/").RequireAuthorization(Policies.Supervise);
        supervising.MapGet("/overdue", Overdue).WithSummary("The overdue board: open clocks past their due time, most overdue first (`stage`, `departmentCode`, `limit`).");
        supervising.MapGet("/escalations", EscalationList).WithSummary("Supervision tasks of a centre (`centre` = org unit code, `open`).");
        supervising.MapPost("/escalations/{escalationId:guid}/close", CloseEscalation).Body<NoteRequest>().WithSummary("Closes a supervision task (`{note}`).");
        supervising.MapGet("/extensions", ExtensionList).WithSummary("Extension requests (`status`, default Pending).");
        supervising.MapPost("/extensions/{requestId:guid}/approve", (Guid requestId, HttpRequest request, ExtensionRequests extensions, CaseHubDbContext db, IOptions<JsonOptions> json, CancellationToken ct) =>
            Decide(requestId, true, request, extensions, db, json, ct)).Body<NoteRequest>().WithSummary("Approves: the deadline moves and its card timers are rescheduled.");
        supervising.MapPost("/extensions/{requestId:guid}/reject", (Guid requestId, HttpRequest request, ExtensionRequests extensions, CaseHubDbContext db, IOptions<JsonOptions> json, CancellationToken ct) =>
            Decide(requestId, false, request, extensions, db, json, ct)).Body<NoteRequest>().WithSummary("Rejects, with a `{note}` saying why.");
        board.MapPost("/orders/{orderId:guid}/respond", RespondToOrder).Body<OrderResponseRequest>().WithSummary("The department's response to an order (`{response}`).");

        var notifications = api.MapGroup("/notifications").WithTags("Supervision");
        notifications.MapGet("/", NotificationList).WithSummary("Notifications for a `recipient` (dept:{code}, centre:{code} or dispatch), newest first; `unread=true` for unread only.");
        notifications.MapPost("/{notificationId:guid}/read", MarkRead).WithSummary("Marks a notification read.");
        return api;
    }

    /// <summary>Suspension, first contact and extension requests come from the handling department (or the centre's dispatchers and admins).</summary>
    private static RouteHandlerBuilder RequireHandlingSide(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var access = await http.StaffAsync();
            if (!access.HasAny(StaffRole.SystemAdmin, StaffRole.Dispatcher))
            {
                var caseId = Guid.Parse(http.Request.RouteValues["id"]!.ToString()!);
                var departmentId = await http.RequestServices.GetRequiredService<CaseHubDbContext>().Set<Case>()
                    .Where(c => c.Id == caseId).Select(c => c.DepartmentId).FirstOrDefaultAsync(http.RequestAborted);
                if (!access.HandlesDepartment(departmentId))
                    throw new ForbiddenException(Bilingual.Text("只有承办单位可以执行此操作。", "Only the handling department may do this."));
            }
            return await next(context);
        });

    private static Task<T> Body<T>(HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        RequestBody.ReadJsonAsync<T>(request, json.Value.SerializerOptions, cancellationToken);

    private static async Task<Ok<IReadOnlyList<DeadlineDto>>> Deadlines(Guid id, CaseHubDbContext db, WorkCalendarProvider calendars, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await db.Set<Case>().AnyAsync(c => c.Id == id, cancellationToken))
            throw new NotFoundException("Case", id);
        var calendar = await calendars.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var rows = await (from d in db.Set<CaseDeadline>().AsNoTracking()
                          where d.CaseId == id
                          join dep in db.Set<Department>() on d.DepartmentId equals dep.Id into deps
                          from dep in deps.DefaultIfEmpty()
                          select new { d, Department = dep == null ? null : dep.Code })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DeadlineDto>>([.. rows.OrderBy(r => r.d.StartedAt).ThenBy(r => r.d.Stage).Select(r => new DeadlineDto(
            r.d.Id, r.d.Stage.ToString(), r.Department, r.d.StartedAt, r.d.Unit.ToString(), r.d.Limit, r.d.BlueAt, r.d.DueAt, r.d.RedAt,
            r.d.IsOpen, r.d.PausedAt is not null, r.d.Met, r.d.IsOpen ? null : r.d.OnTime, r.d.ClosedAt,
            r.d.IsOpen ? Math.Round(CaseDeadlines.Remaining(r.d, calendar, now).TotalMinutes, 1) : null,
            CardNames(r.d.Cards)))]);
    }

    private static IReadOnlyList<string> CardNames(CardFlags flags) =>
        [.. new[] { CardFlags.Blue, CardFlags.Yellow, CardFlags.Red }.Where(f => flags.HasFlag(f)).Select(f => f.ToString())];

    private static async Task<Ok<IReadOnlyList<TimelineEntryDto>>> Timeline(Guid id, CaseHubDbContext db, ActivityRegistry registry, CancellationToken cancellationToken)
    {
        var @case = await db.Set<Case>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("Case", id);
        var events = await db.Set<CaseEvent>().AsNoTracking().Where(e => e.CaseId == id)
            .Select(e => new TimelineEntryDto(e.At, e.Kind, e.Actor, e.Text)).ToListAsync(cancellationToken);
        // Cards are on the timeline from their own table, so issuing one writes no extra row (they fall in crowds).
        var cards = await db.Set<Card>().AsNoTracking().Where(c => c.CaseId == id)
            .Select(c => new { c.IssuedAt, c.Colour, c.Stage, c.Reason }).ToListAsync(cancellationToken);
        events.AddRange(cards.Select(c => new TimelineEntryDto(c.IssuedAt, $"card.{c.Colour.ToString().ToLowerInvariant()}", "system:supervision",
            CardIssuer.Describe(c.Stage, c.Colour, c.Reason))));
        var steps = @case.WorkflowInstanceId is { } instanceId
            ? await db.Set<WorkflowJournalEntry>().AsNoTracking()
                .Where(j => j.InstanceId == instanceId && (j.Event == JournalEvent.Executed || j.Event == JournalEvent.Resumed) && j.Outcome != null)
                .Select(j => new { j.EndedAt, j.Actor, j.ActivityType, j.Outcome }).ToListAsync(cancellationToken)
            : [];
        // Changes people made to the case itself, from the audit log (who changed which fields; personal data stays masked there).
        var key = id.ToString();
        var audited = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Entity == "cases" && a.EntityId == key && a.Operation == "Modified" && a.Actor != "system")
            .Select(a => new { a.At, a.Actor, a.Action, a.AfterJson }).ToListAsync(cancellationToken);
        events.AddRange(audited.Select(a => new TimelineEntryDto(a.At, "audit", a.Actor,
            $"{a.Action}：{string.Join("、", (System.Text.Json.Nodes.JsonNode.Parse(a.AfterJson ?? "{}") as System.Text.Json.Nodes.JsonObject ?? []).Select(p => p.Key).Where(k => k is not ("UpdatedAt" or "RowVersion")))}")));
        // Steps in the words of the palette (分类 → 已分类), not type names; start and end say nothing to a reader.
        events.AddRange(steps.Where(j => registry.Find(j.ActivityType)?.Descriptor is not { IsStart: true } and not { IsTerminal: true })
            .Select(j => new TimelineEntryDto(j.EndedAt, "workflow", j.Actor, DescribeStep(registry, j.ActivityType, j.Outcome!))));
        return TypedResults.Ok<IReadOnlyList<TimelineEntryDto>>([.. events.OrderBy(e => e.At)]);
    }

    private static string DescribeStep(ActivityRegistry registry, string activityType, string outcomes)
    {
        var descriptor = registry.Find(activityType)?.Descriptor;
        var named = outcomes.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(o => descriptor?.Outcomes.FirstOrDefault(d => d.Name == o)?.DisplayName.ZhCN ?? o);
        return $"{descriptor?.DisplayName.ZhCN ?? activityType}：{string.Join("、", named)}";
    }

    private static async Task<Ok<IReadOnlyList<CardDto>>> CaseCards(Guid id, CaseHubDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CardDto>>(await db.Set<Card>().AsNoTracking().Where(c => c.CaseId == id).OrderBy(c => c.IssuedAt).ThenBy(c => c.Colour)
            .Select(c => new CardDto(c.Id, c.CaseId, c.Stage.ToString(), c.DepartmentId, c.Colour.ToString(), c.IssuedAt, c.Reason))
            .ToListAsync(cancellationToken));

    private static async Task<Ok<CaseStateDto>> Suspend(Guid id, HttpRequest request, CaseSupervision supervision, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await Body<ReasonRequest>(request, json, cancellationToken);
        return TypedResults.Ok(CaseStateDto.Of(await supervision.SuspendAsync(id, body.Reason, request.HttpContext.User.Name(), cancellationToken)));
    }

    private static async Task<Ok<CaseStateDto>> Resume(Guid id, HttpContext http, CaseSupervision supervision, CancellationToken cancellationToken) =>
        TypedResults.Ok(CaseStateDto.Of(await supervision.ResumeAsync(id, http.User.Name(), cancellationToken)));

    private static async Task<Ok<CaseStateDto>> Contact(Guid id, HttpRequest request, CaseSupervision supervision, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await Body<NoteRequest>(request, json, cancellationToken);
        return TypedResults.Ok(CaseStateDto.Of(await supervision.RecordContactAsync(id, body.Note, request.HttpContext.User.Name(), cancellationToken)));
    }

    private static async Task<Created<TimelineEntryDto>> Remind(Guid id, HttpRequest request, CaseSupervision supervision, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await Body<TextRequest>(request, json, cancellationToken);
        var entry = await supervision.RemindAsync(id, body.Text, request.HttpContext.User.Name(), cancellationToken);
        return TypedResults.Created($"/api/cases/{id}/timeline", new TimelineEntryDto(entry.At, entry.Kind, entry.Actor, entry.Text));
    }

    private static async Task<Created<EscalationDto>> Escalate(Guid id, HttpRequest request, CaseSupervision supervision, CaseHubDbContext db, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await Body<NoteRequest>(request, json, cancellationToken);
        var escalation = await supervision.EscalateAsync(id, body.Note, request.HttpContext.User.Name(), cancellationToken);
        return TypedResults.Created($"/api/supervision/escalations/{escalation.Id}", (await EscalationsAsync(db, escalation.Id, null, null, null, cancellationToken)).Single());
    }

    private static async Task<Created<OrderDto>> IssueOrder(Guid id, HttpRequest request, SupervisionOrders orders, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await Body<OrderRequest>(request, json, cancellationToken);
        var order = await orders.IssueAsync(id, body.Demand, body.DueAt, request.HttpContext.User.Name(), cancellationToken);
        return TypedResults.Created($"/api/cases/{id}/timeline", ToDto(order));
    }

    private static async Task<Ok<IReadOnlyList<OrderDto>>> CaseOrders(Guid id, CaseHubDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<OrderDto>>([.. (await db.Set<SupervisionOrder>().AsNoTracking().Where(o => o.CaseId == id).ToListAsync(cancellationToken))
            .OrderByDescending(o => o.IssuedAt).Select(ToDto)]);

    private static async Task<Ok<OrderDto>> RespondToOrder(Guid orderId, HttpRequest request, SupervisionOrders orders, CaseHubDbContext db, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var access = await request.HttpContext.StaffAsync();
        var departmentId = await db.Set<SupervisionOrder>().Where(o => o.Id == orderId).Select(o => o.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        if (!access.IsAdmin && !access.HandlesDepartment(departmentId))
            throw new NotFoundException("Supervision order", orderId);
        var body = await Body<OrderResponseRequest>(request, json, cancellationToken);
        return TypedResults.Ok(ToDto(await orders.RespondAsync(orderId, body.Response, request.HttpContext.User.Name(), cancellationToken)));
    }

    private static async Task<Created<ExtensionDto>> RequestExtension(Guid id, HttpRequest request, ExtensionRequests extensions, CaseHubDbContext db, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await Body<ExtensionRequestBody>(request, json, cancellationToken);
        var created = await extensions.RequestAsync(id, body.Stage ?? CaseStage.Completion, body.RequestedDueAt, body.Reason, request.HttpContext.User.Name(), cancellationToken);
        return TypedResults.Created($"/api/supervision/extensions?status=Pending", await ToDtoAsync(db, created, cancellationToken));
    }

    private static async Task<Ok<ExtensionDto>> Decide(Guid requestId, bool approve, HttpRequest request, ExtensionRequests extensions, CaseHubDbContext db,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadTextAsync(request, cancellationToken, allowEmpty: true) is { Length: > 0 } text
            ? System.Text.Json.JsonSerializer.Deserialize<NoteRequest>(text, json.Value.SerializerOptions) ?? new NoteRequest(null)
            : new NoteRequest(null);
        var caseId = await db.Set<ExtensionRequest>().Where(r => r.Id == requestId).Select(r => (Guid?)r.CaseId).FirstOrDefaultAsync(cancellationToken);
        if (caseId is { } ofCase)
            await (await request.HttpContext.StaffAsync()).EnsureCanSeeCaseAsync(db, ofCase, cancellationToken, "Extension request", requestId);
        var decided = await extensions.DecideAsync(requestId, approve, body.Note, request.HttpContext.User.Name(), cancellationToken);
        return TypedResults.Ok(await ToDtoAsync(db, decided, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<ExtensionDto>>> ExtensionList(HttpContext http, CaseHubDbContext db, ExtensionStatus? status, CancellationToken cancellationToken)
    {
        var wanted = status ?? ExtensionStatus.Pending;
        var visible = await (await http.StaffAsync()).VisibleAsync(db.Set<Case>(), db, cancellationToken);
        var rows = await (from r in db.Set<ExtensionRequest>().AsNoTracking()
                          where r.Status == wanted && visible.Any(c => c.Id == r.CaseId)
                          join d in db.Set<CaseDeadline>() on r.DeadlineId equals d.Id
                          orderby r.RequestedAt
                          select new { r, d.Stage })
            .Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ExtensionDto>>([.. rows.Select(x => ToDto(x.r, x.Stage))]);
    }

    private static async Task<ExtensionDto> ToDtoAsync(CaseHubDbContext db, ExtensionRequest r, CancellationToken cancellationToken) =>
        ToDto(r, await db.Set<CaseDeadline>().Where(d => d.Id == r.DeadlineId).Select(d => d.Stage).FirstAsync(cancellationToken));

    private static ExtensionDto ToDto(ExtensionRequest r, CaseStage stage) => new(
        r.Id, r.CaseId, stage.ToString(), r.Reason, r.PreviousDueAt, r.RequestedDueAt, r.Status.ToString(), r.RequestedBy, r.RequestedAt, r.DecidedBy, r.DecidedAt, r.DecisionNote);

    private static OrderDto ToDto(SupervisionOrder o) => new(
        o.Id, o.CaseId, o.DepartmentId, o.Demand, o.DueAt, o.IssuedBy, o.IssuedAt, o.Status.ToString(), o.Response, o.RespondedBy, o.RespondedAt, o.EscalatedAt);

    private static async Task<Ok<IReadOnlyList<OverdueDto>>> Overdue(HttpContext http, CaseHubDbContext db, WorkCalendarProvider calendars, TimeProvider time,
        CaseStage? stage, string? departmentCode, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
            throw new InvalidRequestException("limit", Bilingual.Text("取值范围为 1 到 1000。", "Between 1 and 1,000."));
        var now = time.GetUtcNow();
        var query = db.Set<CaseDeadline>().AsNoTracking().Where(d => d.ClosedAt == null && d.DueAt < now && d.PausedAt == null);
        if (stage is { } s)
            query = query.Where(d => d.Stage == s);
        var all = db.Set<Case>();
        if (await (await http.StaffAsync()).VisibleAsync(all, db, cancellationToken) is var visible && visible != all)
            query = query.Where(d => visible.Any(c => c.Id == d.CaseId));
        if (!string.IsNullOrWhiteSpace(departmentCode))
        {
            var departmentId = await db.Set<Department>().Where(d => d.Code == departmentCode).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidRequestException("departmentCode", Bilingual.Text($"不存在承办单位“{departmentCode}”。", $"There is no department '{departmentCode}'."));
            query = query.Where(d => d.DepartmentId == departmentId);
        }
        var rows = await (from d in query.OrderBy(d => d.DueAt).Take(take)
                          join c in db.Set<Case>() on d.CaseId equals c.Id
                          join dep in db.Set<Department>() on d.DepartmentId equals dep.Id into deps
                          from dep in deps.DefaultIfEmpty()
                          select new { d, c.TrackingNumber, c.Title, Code = dep == null ? null : dep.Code, Name = dep == null ? null : dep.Name })
            .ToListAsync(cancellationToken);
        var calendar = await calendars.GetAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<OverdueDto>>([.. rows.OrderBy(r => r.d.DueAt).Select(r => new OverdueDto(
            r.d.CaseId, r.TrackingNumber, r.Title, r.d.Stage.ToString(), r.Code, r.Name, r.d.DueAt,
            Math.Round(calendar.WorkingTimeBetween(r.d.DueAt, now).TotalMinutes, 1), CardNames(r.d.Cards)))]);
    }

    private static async Task<List<EscalationDto>> EscalationsAsync(CaseHubDbContext db, Guid? escalationId, Guid? centreId, bool? open, Guid? caseId, CancellationToken cancellationToken,
        IQueryable<Case>? visible = null)
    {
        var query = db.Set<Escalation>().AsNoTracking();
        if (visible is not null)
            query = query.Where(e => visible.Any(c => c.Id == e.CaseId));
        if (escalationId is { } id)
            query = query.Where(e => e.Id == id);
        if (centreId is { } centre)
            query = query.Where(e => e.CentreId == centre);
        if (caseId is { } ofCase)
            query = query.Where(e => e.CaseId == ofCase);
        if (open is { } isOpen)
            query = isOpen ? query.Where(e => e.ClosedAt == null) : query.Where(e => e.ClosedAt != null);
        var rows = await (from e in query.OrderBy(e => e.CreatedAt).Take(500)
                          join c in db.Set<Case>() on e.CaseId equals c.Id
                          join u in db.Set<OrgUnit>() on e.CentreId equals u.Id
                          select new { e, c.TrackingNumber, u.Code, u.Name })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.e.CreatedAt).Select(r => new EscalationDto(r.e.Id, r.e.CaseId, r.TrackingNumber, r.Code, r.Name, r.e.Reason.ToString(), r.e.Note,
            r.e.CreatedAt, r.e.CreatedBy, r.e.ClosedAt, r.e.ClosedBy, r.e.ClosingNote))];
    }

    private static async Task<Ok<IReadOnlyList<EscalationDto>>> EscalationList(HttpContext http, CaseHubDbContext db, string? centre, bool? open, Guid? caseId, CancellationToken cancellationToken)
    {
        Guid? centreId = null;
        if (!string.IsNullOrWhiteSpace(centre))
            centreId = await db.Set<OrgUnit>().Where(u => u.Code == centre).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidRequestException("centre", Bilingual.Text($"不存在组织单元“{centre}”。", $"There is no org unit '{centre}'."));
        var visible = await (await http.StaffAsync()).VisibleAsync(db.Set<Case>(), db, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<EscalationDto>>(await EscalationsAsync(db, null, centreId, open, caseId, cancellationToken, visible));
    }

    private static async Task<Ok<EscalationDto>> CloseEscalation(Guid escalationId, HttpRequest request, Escalations escalations, CaseHubDbContext db, TimeProvider time, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await Body<NoteRequest>(request, json, cancellationToken);
        if (body.Note?.Length > 2000)
            throw new InvalidRequestException("note", Bilingual.Text("最多 2000 字。", "At most 2,000 characters."));
        var caseId = await db.Set<Escalation>().Where(e => e.Id == escalationId).Select(e => (Guid?)e.CaseId).FirstOrDefaultAsync(cancellationToken);
        if (caseId is { } ofCase)
            await (await request.HttpContext.StaffAsync()).EnsureCanSeeCaseAsync(db, ofCase, cancellationToken, "Escalation", escalationId);
        await escalations.CloseAsync(escalationId, body.Note?.Trim(), request.HttpContext.User.Name(), time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await EscalationsAsync(db, escalationId, null, null, null, cancellationToken)).Single());
    }

    private static async Task<Ok<IReadOnlyList<NotificationDto>>> NotificationList(HttpContext http, CaseHubDbContext db, string? recipient, bool? unread, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(recipient))
            throw new InvalidRequestException("recipient", Bilingual.Text("请指定接收方：dept:{code}、centre:{code} 或 dispatch。", "Name the recipient: dept:{code}, centre:{code} or dispatch."));
        if (!await (await http.StaffAsync()).WorksGroupAsync(db, recipient, cancellationToken))
            throw new ForbiddenException(Bilingual.Text($"您不接收“{recipient}”的通知。", $"You do not receive notifications for '{recipient}'."));
        var query = db.Set<Notification>().AsNoTracking().Where(n => n.Recipient == recipient);
        if (unread == true)
            query = query.Where(n => n.ReadAt == null);
        return TypedResults.Ok<IReadOnlyList<NotificationDto>>(await query.OrderByDescending(n => n.CreatedAt).Take(200)
            .Select(n => new NotificationDto(n.Id, n.Recipient, n.CaseId, n.Kind, n.Text, n.CreatedAt, n.ReadAt, n.ReadBy)).ToListAsync(cancellationToken));
    }

    private static async Task<Ok<NotificationDto>> MarkRead(Guid notificationId, CaseHubDbContext db, HttpContext http, TimeProvider time, CancellationToken cancellationToken)
    {
        var n = await db.Set<Notification>().FindAsync([notificationId], cancellationToken) ?? throw new NotFoundException("Notification", notificationId);
        if (!await (await http.StaffAsync()).WorksGroupAsync(db, n.Recipient, cancellationToken))
            throw new NotFoundException("Notification", notificationId);
        if (n.ReadAt is null)
        {
            n.ReadAt = time.GetUtcNow();
            n.ReadBy = http.User.Name();
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(new NotificationDto(n.Id, n.Recipient, n.CaseId, n.Kind, n.Text, n.CreatedAt, n.ReadAt, n.ReadBy));
    }
}

public sealed record CaseStateDto(Guid Id, string TrackingNumber, string Status, DateTimeOffset? DueAt, DateTimeOffset? SuspendedAt, long RowVersion)
{
    public static CaseStateDto Of(Case c) => new(c.Id, c.TrackingNumber, c.Status.ToString(), c.DueAt, c.SuspendedAt, c.RowVersion);
}
