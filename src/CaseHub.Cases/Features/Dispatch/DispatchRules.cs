using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Dispatch;

/// <summary>A department as dispatch and the case activities name it.</summary>
public sealed record DepartmentRef(Guid Id, string Code, string Name, bool IsActive);

/// <summary>
/// 智派单: item × jurisdiction → department. The rule on the unit nearest the case wins, going up the org
/// tree from the grid to the city, then a rule for anywhere; among rules on the same unit, the highest priority.
/// <para>
/// Intake dispatches every case, so the rules and departments are held in memory (a singleton), as the classifier
/// holds the items and the locator the org tree; the unit's chain up the tree comes from the locator. The item-list
/// and department imports <see cref="Invalidate"/> it on this node; other nodes pick up a change within
/// <see cref="RefreshInterval"/>.
/// </para>
/// </summary>
public sealed class DispatchRules(IServiceScopeFactory scopes, TimeProvider time, GridLocator locator)
{
    /// <summary>How long the rules are trusted without a local change: 5 minutes, as for the classifier.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly CachedSnapshot<RuleTable> _table = new(scopes, time, () => RefreshInterval, RuleTable.LoadAsync);

    /// <summary>Marks the rules and departments stale; call after either changed.</summary>
    public void Invalidate() => _table.Invalidate();

    /// <summary>
    /// The active department the rules give <paramref name="itemId"/> at <paramref name="orgUnitId"/> (a grid or any
    /// unit above it; null for an unlocated case, where only rules for anywhere apply); null when none does.
    /// </summary>
    public async ValueTask<DepartmentRef?> ResolveAsync(Guid itemId, Guid? orgUnitId, CancellationToken cancellationToken)
    {
        var chain = orgUnitId is { } unit ? (await locator.GetIndexAsync(cancellationToken)).ChainOf(unit) : [];
        return (await _table.GetAsync(cancellationToken)).Resolve(itemId, chain);
    }

    /// <summary>
    /// A department by id, active or not; null when there is none. A department's code never changes, so the
    /// cached one is right; one created on another node since the last load is read from <paramref name="db"/>.
    /// </summary>
    public async ValueTask<DepartmentRef?> DepartmentAsync(Guid id, DbContext db, CancellationToken cancellationToken) =>
        (await _table.GetAsync(cancellationToken)).Departments.GetValueOrDefault(id)
        ?? await db.Set<Department>().AsNoTracking().Where(d => d.Id == id)
            .Select(d => new DepartmentRef(d.Id, d.Code, d.Name, d.IsActive)).FirstOrDefaultAsync(cancellationToken);

    private sealed record Rule(Guid? OrgUnitId, Guid DepartmentId, int Priority);

    private sealed class RuleTable(ILookup<Guid, Rule> byItem, Dictionary<Guid, DepartmentRef> departments)
    {
        public Dictionary<Guid, DepartmentRef> Departments => departments;

        public static async Task<RuleTable> LoadAsync(CaseHubDbContext db, CancellationToken cancellationToken)
        {
            var rules = await db.Set<ResponsibilityRule>().AsNoTracking()
                .Select(r => new { r.ItemId, Rule = new Rule(r.OrgUnitId, r.DepartmentId, r.Priority) })
                .ToListAsync(cancellationToken);
            var departments = await db.Set<Department>().AsNoTracking()
                .Select(d => new DepartmentRef(d.Id, d.Code, d.Name, d.IsActive))
                .ToDictionaryAsync(d => d.Id, cancellationToken);
            return new RuleTable(rules.ToLookup(r => r.ItemId, r => r.Rule), departments);
        }

        public DepartmentRef? Resolve(Guid itemId, IReadOnlyList<OrgUnitRef> chain)
        {
            var best = byItem[itemId]
                .Select(r => (Rule: r, Distance: r.OrgUnitId is { } unit ? DistanceUp(chain, unit) : int.MaxValue))
                .Where(r => r.Distance >= 0)
                .OrderBy(r => r.Distance)
                .ThenByDescending(r => r.Rule.Priority)
                .Select(r => r.Rule)
                .FirstOrDefault();
            return best is not null && departments.GetValueOrDefault(best.DepartmentId) is { IsActive: true } department ? department : null;
        }

        // How many steps up the chain the unit is; -1 when it is not in the chain, so its rule does not apply.
        private static int DistanceUp(IReadOnlyList<OrgUnitRef> chain, Guid unit)
        {
            for (var i = 0; i < chain.Count; i++)
            {
                if (chain[i].Id == unit)
                    return i;
            }
            return -1;
        }
    }
}
