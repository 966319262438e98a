using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Calendar;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Access;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Cases;

/// <summary>A page of search results, newest first. <c>HasMore</c> instead of a total: counting a rare keyword's matches would read the whole window.</summary>
public sealed record CaseSearchPage(IReadOnlyList<CaseSummary> Items, bool HasMore, int Page, int PageSize);

/// <summary>
/// 综合查询: staff find cases by keyword, caller's phone, status, channel, kind, item, department, area and the day
/// received. A caller ringing about "the complaint I made last week" is found by phone; the rest narrows a list.
/// </summary>
public static class CaseSearchEndpoints
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapCaseSearch(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/search", Search).WithTags("Cases").WithName("SearchCases")
            .WithSummary("Cases in the user's scope, newest first. `q` matches the tracking number exactly or the title or address in part; "
                + "`phone` the complainant's phone exactly; `itemCode` and `unitCode` include everything beneath them; `from`/`to` bound the time received.");
        return api;
    }

    private static async Task<Ok<CaseSearchPage>> Search(HttpContext http, CaseHubDbContext db, WorkCalendarProvider calendars, GridLocator locator, TimeProvider time,
        string? q, string? phone, CaseStatus? status, Channel? channel, CaseKind? kind, string? itemCode, string? departmentCode, string? unitCode,
        DateTimeOffset? from, DateTimeOffset? to, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        if (from is { } start && to is { } end && end < start)
            throw new InvalidRequestException("to", "The end of the period is before its start.");
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var access = await http.StaffAsync();
        var cases = await access.VisibleAsync(db.Set<Case>().AsNoTracking(), db, cancellationToken);

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            cases = cases.Where(c => c.TrackingNumber == text || c.Title.Contains(text) || (c.Address != null && c.Address.Contains(text)));
        }
        if (!string.IsNullOrWhiteSpace(phone))
            cases = ByPhone(cases, phone);
        if (status is { } wantedStatus)
            cases = cases.Where(c => c.Status == wantedStatus);
        if (channel is { } wantedChannel)
            cases = cases.Where(c => c.Channel == wantedChannel);
        if (kind is { } wantedKind)
            cases = cases.Where(c => c.Kind == wantedKind);
        if (!string.IsNullOrWhiteSpace(itemCode))
        {
            var itemIds = await ItemAndBelowAsync(db, itemCode.Trim(), cancellationToken);
            cases = cases.Where(c => c.ItemId != null && itemIds.Contains(c.ItemId.Value));
        }
        if (!string.IsNullOrWhiteSpace(departmentCode))
        {
            var code = departmentCode.Trim();
            var departmentId = await db.Set<Department>().Where(d => d.Code == code).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidRequestException("departmentCode", $"There is no department '{code}'.");
            cases = cases.Where(c => c.DepartmentId == departmentId);
        }
        if (!string.IsNullOrWhiteSpace(unitCode))
        {
            var code = unitCode.Trim();
            var path = await db.Set<OrgUnit>().Where(u => u.Code == code).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidRequestException("unitCode", $"There is no org unit '{code}'.");
            var unitIds = await db.Set<OrgUnit>().Where(u => u.Path.StartsWith(path)).Select(u => u.Id).ToListAsync(cancellationToken);
            cases = cases.Where(c => (c.GridId != null && unitIds.Contains(c.GridId.Value)) || (c.JurisdictionId != null && unitIds.Contains(c.JurisdictionId.Value)));
        }
        if (from is { } since)
            cases = cases.Where(c => c.ReceivedAt >= since);
        if (to is { } until)
            cases = cases.Where(c => c.ReceivedAt < until);

        var rows = await cases.OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > pageSize;
        if (hasMore)
            rows.RemoveAt(rows.Count - 1);
        var items = await CaseQueueEndpoints.SummariseAsync(rows, db, calendars, locator, access, time, null, cancellationToken);
        return TypedResults.Ok(new CaseSearchPage(items, hasMore, page, pageSize));
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
    private static async Task<HashSet<Guid>> ItemAndBelowAsync(CaseHubDbContext db, string code, CancellationToken cancellationToken)
    {
        var items = await db.Set<Item>().AsNoTracking().Select(i => new { i.Id, i.ParentId, i.Code }).ToListAsync(cancellationToken);
        var root = items.FirstOrDefault(i => i.Code == code) ?? throw new InvalidRequestException("itemCode", $"There is no item '{code}'.");
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
