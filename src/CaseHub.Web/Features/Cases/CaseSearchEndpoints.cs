using System.Globalization;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features;
using CaseHub.Cases.Features.Access;
using CaseHub.Cases.Features.Calendar;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Access;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Cases;

/// <summary>What 综合查询 filters by; each is optional, and they combine.</summary>
public sealed record CaseSearchCriteria(
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "phone")] string? Phone,
    [property: FromQuery(Name = "status")] CaseStatus? Status,
    [property: FromQuery(Name = "channel")] Channel? Channel,
    [property: FromQuery(Name = "kind")] CaseKind? Kind,
    [property: FromQuery(Name = "itemCode")] string? ItemCode,
    [property: FromQuery(Name = "departmentCode")] string? DepartmentCode,
    [property: FromQuery(Name = "unitCode")] string? UnitCode,
    [property: FromQuery(Name = "from")] DateTimeOffset? From,
    [property: FromQuery(Name = "to")] DateTimeOffset? To);

/// <summary>A page of search results, newest first. <c>HasMore</c> instead of a total: counting a rare keyword's matches would read the whole window.</summary>
public sealed record CaseSearchPage(IReadOnlyList<CaseSummary> Items, bool HasMore, int Page, int PageSize);

/// <summary>
/// 综合查询: staff find cases by keyword, caller's phone, status, channel, kind, item, department, area and the day
/// received. A caller ringing about "the complaint I made last week" is found by phone; the rest narrows a list.
/// </summary>
public static class CaseSearchEndpoints
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// An export holds at most this many cases (<c>Search:MaxExport</c>): a period's worth for a district, not the
    /// city's history, which would hold a request and a connection for minutes.
    /// </summary>
    public const int DefaultMaxExport = 10_000;

    public static readonly string[] ExportHeaders =
        ["受理编号", "标题", "状态", "来源渠道", "诉求类别", "事项", "属地", "承办单位", "受理时间", "办结时限", "亮牌"];

    public static RouteGroupBuilder MapCaseSearch(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/search", Search).WithTags("Cases").WithName("SearchCases")
            .WithSummary("Cases in the user's scope, newest first. `q` matches the tracking number exactly or the title or address in part; "
                + "`phone` the complainant's phone exactly; `itemCode` and `unitCode` include everything beneath them; `from`/`to` bound the time received.");
        api.MapGet("/cases/{id:guid}/related", Related).RequireCaseInScope().WithTags("Cases").WithName("ListRelatedCases")
            .WithSummary($"The complainant's other cases (same phone) in the user's scope, newest first: at most {RelatedShown}, `hasMore` beyond.");
        api.MapGet("/cases/search/export", Export).WithTags("Cases").WithName("ExportCaseSearch")
            .WithSummary("The same search as CSV for Excel (UTF-8 with a BOM), newest first; 400 naming `from` when more than `Search:MaxExport` (10,000) cases match.");
        return api;
    }

    private static async Task<Ok<CaseSearchPage>> Search(HttpContext http, CaseHubDbContext db, WorkCalendarProvider calendars, GridLocator locator, TimeProvider time,
        CaseTextSearch textSearch, [AsParameters] CaseSearchCriteria criteria, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var access = await http.StaffAsync();
        var (cases, keyword) = await FilterAsync(access, db, textSearch, criteria, time, cancellationToken);
        var (rows, hasMore) = OneMore(await NewestAsync(cases, keyword, (page - 1) * pageSize, pageSize + 1, db, cancellationToken), pageSize);
        var items = await CaseQueueEndpoints.SummariseAsync(rows, db, calendars, locator, access, time, null, cancellationToken);
        return TypedResults.Ok(new CaseSearchPage(items, hasMore, page, pageSize));
    }

    /// <summary>How many of a complainant's other cases the case page lists; the search page has the rest.</summary>
    public const int RelatedShown = 10;

    /// <summary>
    /// 重复来电: whoever reads a case sees what else its complainant has raised, without being shown the phone itself
    /// (roles that see it masked cannot search by it).
    /// </summary>
    private static async Task<Ok<CaseSearchPage>> Related(Guid id, HttpContext http, CaseHubDbContext db, WorkCalendarProvider calendars, GridLocator locator,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var phone = await db.Set<Case>().Where(c => c.Id == id).Select(c => new { c.Complainant.Phone }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Case", id);
        if (string.IsNullOrWhiteSpace(phone.Phone))
            return TypedResults.Ok(new CaseSearchPage([], false, 1, RelatedShown));
        var access = await http.StaffAsync();
        var (rows, hasMore) = OneMore(await Newest(ByPhone(await access.VisibleAsync(db.Set<Case>().AsNoTracking(), db, cancellationToken), phone.Phone)
            .Where(c => c.Id != id)).Take(RelatedShown + 1).ToListAsync(cancellationToken), RelatedShown);
        return TypedResults.Ok(new CaseSearchPage(await CaseQueueEndpoints.SummariseAsync(rows, db, calendars, locator, access, time, null, cancellationToken),
            hasMore, 1, RelatedShown));
    }

    private static async Task<FileContentHttpResult> Export(HttpContext http, CaseHubDbContext db, WorkCalendarProvider calendars, GridLocator locator, TimeProvider time,
        CaseTextSearch textSearch, IntakeOptions intake, IConfiguration configuration, [AsParameters] CaseSearchCriteria criteria, CancellationToken cancellationToken = default)
    {
        var max = Math.Max(1, configuration.GetValue("Search:MaxExport", DefaultMaxExport));
        var access = await http.StaffAsync();
        var (cases, keyword) = await FilterAsync(access, db, textSearch, criteria, time, cancellationToken);
        var rows = await NewestAsync(cases, keyword, 0, max + 1, db, cancellationToken);
        if (rows.Count > max)
            throw new InvalidRequestException("from", Bilingual.Text($"符合条件的案件超过 {max:N0} 件，请缩短时间范围或增加查询条件。", $"More than {max:N0} cases match; narrow the period or add criteria."));
        // Times as staff read them on screen: the centre's wall clock.
        var zone = intake.LocalTimeZone();
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var lines = new List<IReadOnlyList<string>>(rows.Count);
        // Summarised in slices: each slice's names, clocks and tasks are one round trip per kind, and the id lists stay short.
        foreach (var slice in rows.Chunk(500))
            foreach (var c in await CaseQueueEndpoints.SummariseAsync([.. slice], db, calendars, locator, access, time, null, cancellationToken))
                lines.Add([c.TrackingNumber, c.Title, Label(c.Status), Label(c.Channel), Label(c.Kind), c.ItemName ?? "", c.JurisdictionName ?? "",
                    c.DepartmentName ?? "", Local(c.ReceivedAt), c.DueAt is { } due ? Local(due) : "", Label(c.Card)]);
        var name = $"cases-{TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone):yyyyMMdd-HHmm}.csv";
        return TypedResults.File(ExcelCsv.Write(ExportHeaders, lines), "text/csv; charset=utf-8", name);
    }

    private static readonly Dictionary<string, string> Labels = new(Enum.GetValues<CaseStatus>().ToDictionary(s => s.ToString(), CaseStatusNames.Zh))
    {
        ["Hotline"] = "12345热线", ["CitizenApp"] = "市民上报", ["GridPatrol"] = "网格员巡查", ["Whistle"] = "吹哨", ["Sensor"] = "物联感知",
        ["PublicOpinion"] = "舆情", ["Open311"] = "Open311",
        ["Enquiry"] = "咨询", ["HelpRequest"] = "求助", ["Complaint"] = "投诉", ["Report"] = "举报", ["Suggestion"] = "建议",
        ["Blue"] = "蓝牌", ["Yellow"] = "黄牌", ["Red"] = "红牌",
    };

    private static string Label(string? value) => value is null ? "" : Labels.GetValueOrDefault(value, value);

    /// <summary>A page read with one row more than it shows: the rows to show, and whether more follow.</summary>
    private static (List<Case> Rows, bool HasMore) OneMore(List<Case> rows, int size) =>
        rows.Count > size ? (rows[..size], true) : (rows, false);

    /// <summary>
    /// The newest of the cases that hold the keyword, skipping <paramref name="skip"/> and reading at most
    /// <paramref name="take"/>, in the order <see cref="KeywordSearch"/> describes: a short walk, a count of the
    /// index's candidates, a walk up to its budget, the index. Each step returns the same rows; they differ in cost.
    /// </summary>
    private static async Task<List<Case>> NewestAsync(IQueryable<Case> cases, KeywordSearch? keyword, int skip, int take, CaseHubDbContext db,
        CancellationToken cancellationToken)
    {
        Task<List<Case>> ReadAsync(IQueryable<Case> query, bool fromIndex) =>
            PlannedForItsValuesAsync(Newest(query).Skip(skip).Take(take), fromIndex, db, cancellationToken);

        // A walk through the newest n cases is the whole answer when it fills the page or no older case remains.
        async Task<(List<Case> Rows, bool Whole)> WalkAsync(KeywordSearch walking, int n)
        {
            var rows = await ReadAsync(walking.ByWalking(Newest(cases).Take(n)), false);
            return (rows, rows.Count == take
                || !await PlannerSettings.ReadWithAsync(db, PlannerSettings.PlanForTheValues, Newest(cases).Skip(n).AnyAsync, cancellationToken));
        }

        if (keyword is null)
            return await ReadAsync(cases, false);
        if (keyword.IndexCap is null)
            return await ReadAsync(keyword.ByWalking(cases), false);
        var first = keyword.FirstWalk(skip + take);
        if (first > 0 && await WalkAsync(keyword, first) is (var walked, true))
            return walked;
        if (await CaseTextSearch.HasFewCandidatesAsync(db, keyword, cancellationToken))
            return await ReadAsync(keyword.ViaIndex(cases), true);
        if (keyword.WalkBudget(skip + take) is not { } budget)
            return await ReadAsync(keyword.ByWalking(cases), false);
        if (budget > first && await WalkAsync(keyword, budget) is (var further, true))
            return further;
        return await ReadAsync(keyword.ViaIndex(cases), true);
    }

    /// <summary>
    /// Reads the search planned for its own values (<see cref="PlannerSettings.PlanForTheValues"/>): a generic plan read
    /// every case holding a common keyword (7,575 at 300,000 cases, 179 ms) where the plan for the values walks the
    /// newest cases (7 ms). A keyword that reads its candidates from the bigram index is held to that
    /// (<see cref="CaseTextSearch.IndexOnlyPlan"/>).
    /// </summary>
    private static async Task<List<Case>> PlannedForItsValuesAsync(IQueryable<Case> query, bool fromIndex, CaseHubDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? await PlannerSettings.ReadWithAsync(db, fromIndex ? CaseTextSearch.IndexOnlyPlan : PlannerSettings.PlanForTheValues, query.ToListAsync, cancellationToken)
            : await query.ToListAsync(cancellationToken);

    private static IQueryable<Case> Newest(IQueryable<Case> cases) => cases.OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Id);

    /// <summary>The search's cases by every criterion but the keyword, and how the keyword is to be searched for.</summary>
    private static async Task<(IQueryable<Case> Cases, KeywordSearch? Keyword)> FilterAsync(StaffAccess access, CaseHubDbContext db, CaseTextSearch textSearch,
        CaseSearchCriteria criteria, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (criteria is { From: { } start, To: { } end } && end < start)
            throw new InvalidRequestException("to", Bilingual.Text("截止日期早于起始日期。", "The end of the period is before its start."));
        if (!string.IsNullOrWhiteSpace(criteria.Phone))
        {
            // Looking people up by their phone is a use of personal data, audited like reading it unmasked. The log keeps
            // the number masked, so that it does not become a copy of the data it guards.
            db.Add(AuditTrail.Viewed("cases.phone", PersonalData.MaskPhone(criteria.Phone.Trim())!, time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
        var cases = await access.VisibleAsync(db.Set<Case>().AsNoTracking(), db, cancellationToken);
        var keyword = string.IsNullOrWhiteSpace(criteria.Q) ? null : await textSearch.PlanAsync(db, criteria.Q.Trim(), cancellationToken);
        if (!string.IsNullOrWhiteSpace(criteria.Phone))
            cases = ByPhone(cases, criteria.Phone);
        if (criteria.Status is { } status)
            cases = cases.Where(c => c.Status == status);
        if (criteria.Channel is { } channel)
            cases = cases.Where(c => c.Channel == channel);
        if (criteria.Kind is { } kind)
            cases = cases.Where(c => c.Kind == kind);
        if (!string.IsNullOrWhiteSpace(criteria.ItemCode))
        {
            var itemIds = await ItemAndBelowAsync(db, criteria.ItemCode.Trim(), cancellationToken);
            cases = cases.Where(c => c.ItemId != null && itemIds.Contains(c.ItemId.Value));
        }
        if (!string.IsNullOrWhiteSpace(criteria.DepartmentCode))
        {
            var code = criteria.DepartmentCode.Trim();
            var departmentId = await db.Set<Department>().Where(d => d.Code == code).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidRequestException("departmentCode", Bilingual.Text($"不存在承办单位“{code}”。", $"There is no department '{code}'."));
            cases = cases.Where(c => c.DepartmentId == departmentId);
        }
        if (!string.IsNullOrWhiteSpace(criteria.UnitCode))
        {
            var code = criteria.UnitCode.Trim();
            var path = await db.Set<OrgUnit>().Where(u => u.Code == code).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidRequestException("unitCode", Bilingual.Text($"不存在组织单元“{code}”。", $"There is no org unit '{code}'."));
            var unitIds = await CaseScope.UnitAndBelowAsync(db, path, cancellationToken);
            cases = cases.Where(c => (c.GridId != null && unitIds.Contains(c.GridId.Value)) || (c.JurisdictionId != null && unitIds.Contains(c.JurisdictionId.Value)));
        }
        if (criteria.From is { } since)
            cases = cases.Where(c => c.ReceivedAt >= since);
        if (criteria.To is { } until)
            cases = cases.Where(c => c.ReceivedAt < until);
        return (cases, keyword);
    }

    /// <summary>
    /// The caller's cases. Numbers arrive as typed (138-1234-5678) or as the switchboard shows them (13812345678), and
    /// either may be stored; ix_cases_complainant_phone finds both.
    /// </summary>
    public static IQueryable<Case> ByPhone(IQueryable<Case> cases, string phone)
    {
        var typed = phone.Trim();
        List<string> numbers = [typed, new string([.. typed.Where(char.IsDigit)])];
        numbers = [.. numbers.Where(n => n.Length > 0).Distinct()];
        return cases.Where(c => c.Complainant.Phone != null && numbers.Contains(c.Complainant.Phone));
    }

    /// <summary>The item's id and its descendants': searching 噪音扰民 finds every kind of noise.</summary>
    /// <remarks>Read whole: the list holds hundreds of items, one short read, and walking it here needs no recursive SQL.</remarks>
    private static async Task<HashSet<Guid>> ItemAndBelowAsync(CaseHubDbContext db, string code, CancellationToken cancellationToken)
    {
        var items = await db.Set<Item>().AsNoTracking().Select(i => new { i.Id, i.ParentId, i.Code }).ToListAsync(cancellationToken);
        var root = items.FirstOrDefault(i => i.Code == code) ?? throw new InvalidRequestException("itemCode", Bilingual.Text($"不存在事项“{code}”。", $"There is no item '{code}'."));
        var children = items.Where(i => i.ParentId != null).ToLookup(i => i.ParentId!.Value, i => i.Id);
        var found = new HashSet<Guid> { root.Id };
        var pending = new Queue<Guid>([root.Id]);
        while (pending.TryDequeue(out var id))
            foreach (var child in children[id])
                if (found.Add(child))
                    pending.Enqueue(child);
        return found;
    }
}
