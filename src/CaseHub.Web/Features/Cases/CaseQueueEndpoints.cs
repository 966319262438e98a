using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Calendar;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Features.Workflows;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Cases;

/// <summary>A queue's size, counted up to <see cref="CaseQueueEndpoints.MaxCount"/> (<c>CountCapped</c> beyond), and its oldest case's arrival.</summary>
public sealed record QueueCount(string Queue, int Count, bool CountCapped, DateTimeOffset? OldestWaitingSince);

/// <summary>A page of cases; <c>Total</c> is counted up to <see cref="CaseQueueEndpoints.MaxCount"/>, with <c>TotalCapped</c> set beyond it.</summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, bool TotalCapped, int Page, int PageSize);

public sealed record CaseSummary(
    Guid Id, string TrackingNumber, string Title, string Kind, string Grade, string Status, string Channel,
    DateTimeOffset ReceivedAt, DateTimeOffset WaitingSince, DateTimeOffset? DueAt, double? RemainingWorkingMinutes, string? Card,
    string? DepartmentCode, string? DepartmentName, string? ItemCode, string? ItemName, string? JurisdictionName,
    Guid? TaskId, string? TaskAssignee, string? ProbableDuplicateOf);

/// <summary>The dispatcher's queues and the department's list: pages of cases with what the workbench shows per row.</summary>
public static class CaseQueueEndpoints
{
    public static readonly string[] Queues = ["new", "unmatched", "returned", "duplicates", "escalated"];

    /// <summary>
    /// Counting stops here: "999+" tells a dispatcher as much as an exact figure (nobody pages past twenty pages of a
    /// queue; they search), and reading 1,001 index entries instead of 10,001 keeps a page within 20 ms at 10 M cases.
    /// </summary>
    public const int MaxCount = 1_000;

    public static RouteGroupBuilder MapCaseQueues(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases").WithTags("Cases");
        group.MapGet("/queues", Counts).WithName("CountCaseQueues")
            .WithSummary("How many cases wait in each dispatcher queue (new, unmatched, returned, duplicates, escalated), and since when.");
        group.MapGet("/", List).WithName("ListCases")
            .WithSummary("A page of cases in the user's scope: a dispatcher `queue` (longest waiting first), or a department's open cases (`departmentCode`, soonest due first), or by `status`; `q` matches the tracking number exactly or the title or address in part, as in 案件查询.");
        return api;
    }

    private static IQueryable<Case> InQueue(IQueryable<Case> cases, CaseHubDbContext db, string queue) =>
        CaseQueues.All.FirstOrDefault(q => q.Name == queue) is { } inCaseRow ? cases.Where(inCaseRow.Condition)
        : queue == "escalated" ? cases.Where(c => db.Set<Escalation>().Any(e => e.CaseId == c.Id && e.ClosedAt == null))
        : throw new InvalidRequestException("queue", Bilingual.Text($"未知的队列“{queue}”，可选：{string.Join("、", Queues)}。", $"Unknown queue '{queue}'; use one of {string.Join(", ", Queues)}."));

    private static async Task<Ok<IReadOnlyList<QueueCount>>> Counts(HttpContext http, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var access = await http.StaffAsync();
        var visible = await access.VisibleAsync(db.Set<Case>().AsNoTracking(), db, cancellationToken);
        var counts = new List<QueueCount>();
        foreach (var queue in Queues)
        {
            var inQueue = InQueue(visible, db, queue);
            var count = await inQueue.Take(MaxCount + 1).CountAsync(cancellationToken);
            var oldest = count == 0 ? null : await inQueue.OrderBy(c => c.ReceivedAt).Select(c => (DateTimeOffset?)c.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
            counts.Add(new QueueCount(queue, Math.Min(count, MaxCount), count > MaxCount, oldest));
        }
        return TypedResults.Ok<IReadOnlyList<QueueCount>>(counts);
    }

    private static async Task<Ok<CasePage>> List(HttpContext http, CaseHubDbContext db, WorkCalendarProvider calendars, GridLocator locator, TimeProvider time,
        CaseTextSearch textSearch, string? queue, string? departmentCode, CaseStatus? status, string? q, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var access = await http.StaffAsync();
        Guid? departmentId = null;
        if (!string.IsNullOrWhiteSpace(departmentCode))
            departmentId = access.Departments.FirstOrDefault(d => d.Code == departmentCode)?.Id ?? await db.Set<Department>().Where(d => d.Code == departmentCode).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidRequestException("departmentCode", Bilingual.Text($"不存在承办单位“{departmentCode}”。", $"There is no department '{departmentCode}'."));
        // A handler's own department needs no scope filter: its cases are in scope by definition, and the filter's ORs
        // would make PostgreSQL read every row of the inbox to count it.
        var cases = access.HandlesDepartment(departmentId)
            ? db.Set<Case>().AsNoTracking()
            : await access.VisibleAsync(db.Set<Case>().AsNoTracking(), db, cancellationToken);
        var queueName = queue?.Trim().ToLowerInvariant();
        if (!string.IsNullOrWhiteSpace(queueName))
            cases = InQueue(cases, db, queueName);
        if (departmentId is { } id)
        {
            cases = cases.Where(c => c.DepartmentId == id);
            if (status is null)
                cases = cases.Where(c => c.Status == CaseStatus.Dispatched || c.Status == CaseStatus.Accepted);
        }
        if (status is { } wanted)
            cases = cases.Where(c => c.Status == wanted);

        var fromIndex = false;
        int? total = null;
        List<Case>? rows = null;
        if (!string.IsNullOrWhiteSpace(q))
        {
            var keyword = await textSearch.PlanAsync(db, q.Trim(), cancellationToken);
            // The bigram index is keyed by status and department too, so a list held in the case row by those (a queue,
            // an inbox, a status) reads its own matches from it, one heap read each: finding up to MaxCount of them costs
            // the same in a queue of 200 cases as in one of 200,000, where walking the queue to count a keyword 3 % of
            // it hold took 270 ms at 10 M cases. When no more match, that one read gives the count and the page; when
            // more do, the page is walked instead: a keyword that common fills a page within a short walk. Other lists
            // (escalated cases, or no filter at all) first ask how many cases anywhere hold it, as 案件查询 does.
            var keyedInIndex = CaseQueues.All.Any(listed => listed.Name == queueName) || departmentId is not null || status is not null;
            if (keyword.IndexCap is not null && keyedInIndex && textSearch.ListMatchesFromIndex)
            {
                var matches = await PlannerSettings.ReadWithAsync(db, CaseTextSearch.IndexOnlyPlan,
                    keyword.ViaIndex(cases).Select(c => new ListedCase(c.Id, c.ReceivedAt, c.DueAt)).Take(MaxCount + 1).ToListAsync, cancellationToken);
                total = matches.Count;
                if (matches.Count <= MaxCount)
                    rows = await PageOfAsync(matches, byDueTime: departmentId is not null, page, pageSize, db, cancellationToken);
                else
                    cases = keyword.ByWalking(cases);
            }
            else
            {
                fromIndex = await CaseTextSearch.HasFewCandidatesAsync(db, keyword, cancellationToken);
                cases = fromIndex ? keyword.ViaIndex(cases) : keyword.ByWalking(cases);
            }
        }
        Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read) => fromIndex
            ? PlannerSettings.ReadWithAsync(db, CaseTextSearch.IndexOnlyPlan, read, cancellationToken)
            : read(cancellationToken);

        total ??= await ReadAsync(cases.Take(MaxCount + 1).CountAsync);
        // Both orders follow an index: (department, due) over open cases, and (status, received).
        var ordered = departmentId is null ? cases.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id) : cases.OrderBy(c => c.DueAt).ThenBy(c => c.Id);
        rows ??= await ReadAsync(ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync);
        return TypedResults.Ok(new CasePage(await SummariseAsync(rows, db, calendars, locator, access, time, departmentId is null ? null : departmentCode, cancellationToken),
            Math.Min(total.Value, MaxCount), total > MaxCount, page, pageSize));
    }

    /// <summary>What a list is sorted by, for a case that matched its keyword.</summary>
    private sealed record ListedCase(Guid Id, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt);

    /// <summary>
    /// A page of a list whose every match is known, sorted as the list's index orders it: due time with the undue last,
    /// or arrival; then id, which .NET compares byte by byte in the order PostgreSQL does.
    /// </summary>
    private static async Task<List<Case>> PageOfAsync(List<ListedCase> matches, bool byDueTime, int page, int pageSize, CaseHubDbContext db,
        CancellationToken cancellationToken)
    {
        var sorted = byDueTime ? matches.OrderBy(m => m.DueAt is null).ThenBy(m => m.DueAt) : matches.OrderBy(m => m.ReceivedAt);
        var ids = sorted.ThenBy(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize).Select(m => m.Id).ToList();
        var byId = (await UnlessEmptyAsync(ids, () => db.Set<Case>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken)))
            .ToDictionary(c => c.Id);
        return [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
    }

    internal static async Task<List<CaseSummary>> SummariseAsync(List<Case> rows, CaseHubDbContext db, WorkCalendarProvider calendars, GridLocator locator,
        StaffAccess access, TimeProvider time,
        string? departmentCode, CancellationToken cancellationToken)
    {
        var ids = rows.Select(c => c.Id).ToList();
        var departmentIds = rows.Where(c => c.DepartmentId != null).Select(c => c.DepartmentId!.Value).Distinct().ToList();
        var itemIds = rows.Where(c => c.ItemId != null).Select(c => c.ItemId!.Value).Distinct().ToList();
        var unitIds = rows.Where(c => c.JurisdictionId != null).Select(c => c.JurisdictionId!.Value).Distinct().ToList();
        var instanceIds = rows.Where(c => c.WorkflowInstanceId != null).Select(c => c.WorkflowInstanceId!.Value).ToList();
        var duplicateIds = rows.Where(c => c.ProbableDuplicateOfId != null).Select(c => c.ProbableDuplicateOfId!.Value).Distinct().ToList();

        // Each lookup is a round trip, and at 10 M cases the round trips are most of a page's time: names come from what is
        // already in memory (the user's own departments, the locator's org index) and a lookup with nothing to find is skipped.
        var departments = access.Departments.Where(d => departmentIds.Contains(d.Id)).ToDictionary(d => d.Id, d => (d.Code, d.Name));
        var otherDepartments = departmentIds.Where(id => !departments.ContainsKey(id)).ToList();
        foreach (var d in await UnlessEmptyAsync(otherDepartments, () => db.Set<Department>().AsNoTracking().Where(d => otherDepartments.Contains(d.Id))
                     .Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(cancellationToken)))
            departments[d.Id] = (d.Code, d.Name);
        var items = (await UnlessEmptyAsync(itemIds, () => db.Set<Item>().AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Code, i.NameZh }).ToListAsync(cancellationToken))).ToDictionary(i => i.Id, i => (i.Code, i.NameZh));
        var index = await locator.GetIndexAsync(cancellationToken);
        var units = unitIds.Select(id => index.LocationOf(id)?.Unit).OfType<OrgUnitRef>().ToDictionary(u => u.Id, u => u.Name);
        var otherUnits = unitIds.Where(id => !units.ContainsKey(id)).ToList();
        foreach (var u in await UnlessEmptyAsync(otherUnits, () => db.Set<OrgUnit>().AsNoTracking().Where(u => otherUnits.Contains(u.Id))
                     .Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken)))
            units[u.Id] = u.Name;
        var duplicates = (await UnlessEmptyAsync(duplicateIds, () => db.Set<Case>().AsNoTracking().Where(c => duplicateIds.Contains(c.Id))
            .Select(c => new { c.Id, c.TrackingNumber }).ToListAsync(cancellationToken))).ToDictionary(c => c.Id, c => c.TrackingNumber);
        var clocks = (await db.Set<CaseDeadline>().AsNoTracking().Where(d => ids.Contains(d.CaseId) && d.ClosedAt == null).ToListAsync(cancellationToken))
            .ToLookup(d => d.CaseId);
        var tasks = (await UnlessEmptyAsync(instanceIds, () => db.Set<HumanTask>().AsNoTracking()
            .Where(t => instanceIds.Contains(t.InstanceId) && t.Status == HumanTaskStatus.Open).ToListAsync(cancellationToken))).ToLookup(t => t.InstanceId);
        var calendar = await calendars.GetAsync(cancellationToken);
        var now = time.GetUtcNow();

        return [.. rows.Select(c =>
        {
            var open = clocks[c.Id].OrderBy(d => d.DueAt).FirstOrDefault();
            var flags = clocks[c.Id].Aggregate(CardFlags.None, (all, d) => all | d.Cards);
            var card = flags.HasFlag(CardFlags.Red) ? "Red" : flags.HasFlag(CardFlags.Yellow) ? "Yellow" : flags.HasFlag(CardFlags.Blue) ? "Blue" : null;
            var caseTasks = c.WorkflowInstanceId is { } instance ? tasks[instance].ToList() : [];
            var task = departmentCode is null
                ? caseTasks.FirstOrDefault(t => !t.CandidateGroup.StartsWith("dept:", StringComparison.Ordinal)) ?? caseTasks.FirstOrDefault()
                : caseTasks.FirstOrDefault(t => t.CandidateGroup == CaseWorkflow.DepartmentGroup(departmentCode));
            var department = c.DepartmentId is { } d && departments.TryGetValue(d, out var found) ? found : default((string Code, string Name)?);
            var item = c.ItemId is { } i && items.TryGetValue(i, out var named) ? named : default((string Code, string NameZh)?);
            return new CaseSummary(c.Id, c.TrackingNumber, c.Title, c.Kind.ToString(), c.Grade.ToString(), c.Status.ToString(), c.Channel.ToString(),
                c.ReceivedAt, task?.CreatedAt ?? c.UpdatedAt, open?.DueAt ?? c.DueAt,
                open is null ? null : Math.Round(CaseDeadlines.Remaining(open, calendar, now).TotalMinutes, 1), card,
                department?.Code, department?.Name, item?.Code, item?.NameZh,
                c.JurisdictionId is { } j ? units.GetValueOrDefault(j) : null, task?.Id, task?.Assignee,
                c.ProbableDuplicateOfId is { } p ? duplicates.GetValueOrDefault(p) : null);
        })];
    }

    /// <summary>The query's rows, or none without asking the database when there is nothing to look up.</summary>
    private static async Task<List<T>> UnlessEmptyAsync<T>(List<Guid> ids, Func<Task<List<T>>> query) => ids.Count == 0 ? [] : await query();
}
