using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Dispatch;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Intake;

public sealed record CaseNames(string? ItemCode, string? ItemName, string? DepartmentCode, string? DepartmentName, string? JurisdictionName, string? GridName);

/// <summary>
/// The item, department, jurisdiction and grid names a case is shown with, from the snapshots intake already keeps
/// (ADR 11), so answering a case costs no reads; the database only for what a snapshot lacks (an item no longer
/// active, a unit created on another node since the last load).
/// </summary>
public sealed class CaseReferenceNames(ItemClassifier items, DispatchRules rules, GridLocator locator)
{
    public async Task<CaseNames> OfAsync(CaseHubDbContext db, Case c, CancellationToken cancellationToken)
    {
        var item = c.ItemId is { } itemId ? await items.ItemAsync(itemId, db, cancellationToken) : null;
        var department = c.DepartmentId is { } departmentId ? await rules.DepartmentAsync(departmentId, db, cancellationToken) : null;
        var index = await locator.GetIndexAsync(cancellationToken);
        var unitIds = new[] { c.JurisdictionId, c.GridId }.OfType<Guid>().Distinct().ToList();
        var units = unitIds.Where(id => index.ChainOf(id).Count > 0).ToDictionary(id => id, id => index.ChainOf(id)[0].Name);
        var missing = unitIds.Where(id => !units.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            // Only the names: a grid's row also carries its whole boundary.
            foreach (var unit in await db.Set<OrgUnit>().AsNoTracking().Where(u => missing.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken))
                units[unit.Id] = unit.Name;
        }
        return new CaseNames(item?.Code, item?.NameZh, department?.Code, department?.Name,
            c.JurisdictionId is { } j ? units.GetValueOrDefault(j) : null, c.GridId is { } g ? units.GetValueOrDefault(g) : null);
    }
}
