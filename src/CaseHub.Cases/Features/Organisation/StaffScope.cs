using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Organisation;

/// <summary>
/// What a member of staff may see. A case is visible when its unit (the grid or jurisdiction it was located in)
/// lies in the subtree of one of the user's <see cref="StaffUser.OrgUnitScope"/> units, or its department is in
/// <see cref="StaffUser.DepartmentScope"/>. System admins and auditors see everything; an inactive user sees
/// nothing. Subtrees are path prefixes, so the check needs the scope units' paths, resolved once per user.
/// </summary>
public sealed class StaffScope
{
    private readonly string[] _unitPaths;
    private readonly HashSet<Guid> _departments;

    private StaffScope(bool seesAll, IEnumerable<string> unitPaths, IEnumerable<Guid> departments)
    {
        SeesAll = seesAll;
        _unitPaths = [.. unitPaths];
        _departments = [.. departments];
    }

    public bool SeesAll { get; }

    /// <summary>The scope of <paramref name="user"/>; <paramref name="scopeUnits"/> must hold the units in the user's OrgUnitScope (others are ignored).</summary>
    public static StaffScope For(StaffUser user, IEnumerable<OrgUnit> scopeUnits)
    {
        if (!user.IsActive)
            return new StaffScope(false, [], []);
        var seesAll = user.Roles.Contains(StaffRole.SystemAdmin) || user.Roles.Contains(StaffRole.Auditor);
        var paths = scopeUnits.Where(u => user.OrgUnitScope.Contains(u.Id)).Select(u => u.Path);
        return new StaffScope(seesAll, paths, user.DepartmentScope);
    }

    /// <summary>Loads the paths of the user's scope units and returns the user's scope.</summary>
    public static async Task<StaffScope> LoadAsync(CaseHubDbContext db, StaffUser user, CancellationToken cancellationToken = default)
    {
        var ids = user.OrgUnitScope;
        var units = ids.Count == 0 ? [] : await db.Set<OrgUnit>().AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken);
        return For(user, units);
    }

    /// <summary>Whether the user sees a case located in the unit with <paramref name="unitPath"/> and handled by <paramref name="departmentId"/>.</summary>
    public bool CanSee(string? unitPath, Guid? departmentId)
    {
        if (SeesAll)
            return true;
        if (departmentId is { } department && _departments.Contains(department))
            return true;
        return unitPath is not null && _unitPaths.Any(scope => unitPath.StartsWith(scope, StringComparison.Ordinal));
    }

    /// <summary>Whether the user sees a case located in <paramref name="unit"/> (its grid or jurisdiction) and handled by <paramref name="departmentId"/>.</summary>
    public bool CanSee(OrgUnit? unit, Guid? departmentId) => CanSee(unit?.Path, departmentId);

    /// <inheritdoc cref="CanSee(string?, Guid?)"/>
    public bool CanSee(OrgUnitRef? unit, Guid? departmentId) => CanSee(unit?.Path, departmentId);
}
