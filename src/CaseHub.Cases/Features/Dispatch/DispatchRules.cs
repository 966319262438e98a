using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Dispatch;

/// <summary>
/// 智派单: item × jurisdiction → department. The rule on the unit nearest the case wins, going up the org
/// tree from the grid to the city, then a rule for anywhere; among rules on the same unit, the highest priority.
/// </summary>
public sealed class DispatchRules(CaseHubDbContext db)
{
    /// <param name="jurisdictionChain">The case's org units from the deepest (grid or street) up to the root.</param>
    public async Task<Department?> ResolveAsync(Guid itemId, IReadOnlyList<Guid> jurisdictionChain, CancellationToken cancellationToken)
    {
        var rules = await db.Set<ResponsibilityRule>().AsNoTracking()
            .Where(r => r.ItemId == itemId && (r.OrgUnitId == null || jurisdictionChain.Contains(r.OrgUnitId.Value)))
            .ToListAsync(cancellationToken);
        var best = rules
            .OrderBy(r => r.OrgUnitId is { } unit ? IndexOf(jurisdictionChain, unit) : int.MaxValue)
            .ThenByDescending(r => r.Priority)
            .FirstOrDefault();
        if (best is null)
            return null;
        return await db.Set<Department>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == best.DepartmentId && d.IsActive, cancellationToken);
    }

    /// <summary>The unit and its ancestors, deepest first, read from the unit's materialised path.</summary>
    public async Task<IReadOnlyList<Guid>> ChainOfAsync(Guid? orgUnitId, CancellationToken cancellationToken)
    {
        // Only the path: a grid's row also carries its whole boundary, which dispatch does not need.
        var path = orgUnitId is null ? null
            : await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == orgUnitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
        if (path is null)
            return [];
        var codes = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var units = await db.Set<OrgUnit>().AsNoTracking().Where(u => codes.Contains(u.Code)).Select(u => new { u.Id, u.Code }).ToListAsync(cancellationToken);
        return [.. codes.Reverse().Select(code => units.FirstOrDefault(u => u.Code == code)?.Id).OfType<Guid>()];
    }

    private static int IndexOf(IReadOnlyList<Guid> chain, Guid unit)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            if (chain[i] == unit)
                return i;
        }
        return int.MaxValue - 1;
    }
}
