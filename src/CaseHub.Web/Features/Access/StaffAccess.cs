using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Supervision;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Access;

public sealed record DepartmentRef(Guid Id, string Code, string Name);

/// <summary>
/// What the signed-in member of staff is and may see: roles, the departments and org units of their scope, and the
/// task groups they work. Every endpoint's role and jurisdiction check goes through this one object.
/// </summary>
public sealed class StaffAccess
{
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required IReadOnlySet<StaffRole> Roles { get; init; }
    public required StaffScope Scope { get; init; }
    public required IReadOnlyList<DepartmentRef> Departments { get; init; }
    public required IReadOnlyList<OrgUnitRef> Units { get; init; }

    public bool Has(StaffRole role) => Roles.Contains(role);

    public bool HasAny(params StaffRole[] roles) => roles.Any(Roles.Contains);

    public bool IsAdmin => Roles.Contains(StaffRole.SystemAdmin);

    /// <summary>Staff of the city's own centre see every case, including those not yet located anywhere.</summary>
    public bool SeesWholeCity => Scope.SeesAll || Units.Any(u => u.Level == OrgLevel.City);

    public bool CanSeePersonalData => PersonalData.CanSeeUnmasked([.. Roles]);

    public bool HandlesDepartment(string code) => Departments.Any(d => d.Code == code);

    /// <summary>Whether the user is staff of the department with <paramref name="departmentId"/>; false for none.</summary>
    public bool HandlesDepartment(Guid? departmentId) => departmentId is { } id && Departments.Any(d => d.Id == id);

    /// <summary>Whether a unit with <paramref name="path"/> lies in the user's org units (their subtrees), or the user sees everything.</summary>
    public bool CoversUnit(string? path) => Scope.SeesAll || (path is not null && Units.Any(u => path.StartsWith(u.Path, StringComparison.Ordinal)));

    /// <summary>The command centre's own queues, worked by its dispatchers (hotline agents answer enquiries and make callbacks).</summary>
    public static readonly IReadOnlySet<string> CentreQueues = new HashSet<string>(StringComparer.Ordinal) { "dispatch", "review", "callback", "hotline" };

    /// <summary>
    /// Whether the user works tasks of <paramref name="group"/>: the centre's queues for dispatchers, <c>dept:{code}</c> for the
    /// department's staff, <c>centre:{unit}</c> for dispatchers and supervisors over that unit, <c>grid:{code}</c> for grid workers
    /// over the grid. Other groups belong to admins. <paramref name="unitPath"/> is the path of the unit a centre or grid group names.
    /// </summary>
    public bool WorksGroup(string group, string? unitPath)
    {
        if (IsAdmin)
            return true;
        if (CentreQueues.Contains(group))
            return Has(StaffRole.Dispatcher);
        if (group.StartsWith("dept:", StringComparison.Ordinal))
            return HandlesDepartment(group["dept:".Length..]);
        if (group.StartsWith("centre:", StringComparison.Ordinal))
            return HasAny(StaffRole.Dispatcher, StaffRole.Supervisor) && CoversUnit(unitPath);
        if (group.StartsWith("grid:", StringComparison.Ordinal))
            return Has(StaffRole.GridWorker) && CoversUnit(unitPath);
        return group == "grid-workers" && Has(StaffRole.GridWorker);
    }

    /// <summary>The unit code a <c>centre:</c> or <c>grid:</c> group names, if it names one.</summary>
    public static string? UnitCodeOf(string group) =>
        group.StartsWith("centre:", StringComparison.Ordinal) ? group["centre:".Length..]
        : group.StartsWith("grid:", StringComparison.Ordinal) ? group["grid:".Length..]
        : null;

    /// <summary>Notification recipients and task groups of the user, for list filters (centre groups by the codes of scope units and below are checked per row).</summary>
    public IEnumerable<string> ExplicitGroups()
    {
        if (Has(StaffRole.Dispatcher))
            foreach (var queue in CentreQueues)
                yield return queue;
        if (Has(StaffRole.GridWorker))
            yield return "grid-workers";
        foreach (var department in Departments)
            yield return CaseWorkflow.DepartmentGroup(department.Code);
    }
}

/// <summary>Loads <see cref="StaffAccess"/> by user name, kept for a few seconds so a page's burst of requests costs one query.</summary>
public sealed class StaffDirectory(IServiceScopeFactory scopes)
{
    private static readonly long Lifetime = Stopwatch.Frequency * 10;
    private readonly ConcurrentDictionary<string, (StaffAccess? Access, long LoadedAt)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<StaffAccess?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(userName, out var cached) && Stopwatch.GetTimestamp() - cached.LoadedAt < Lifetime)
            return cached.Access;
        var access = await LoadAsync(userName, cancellationToken);
        _cache[userName] = (access, Stopwatch.GetTimestamp());
        return access;
    }

    /// <summary>Forgets what was loaded, after staff, departments or org units change.</summary>
    public void Invalidate() => _cache.Clear();

    private async Task<StaffAccess?> LoadAsync(string userName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var user = await db.Set<StaffUser>().AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is not { IsActive: true })
            return null;
        var unitIds = user.OrgUnitScope;
        var units = unitIds.Count == 0 ? [] : await db.Set<OrgUnit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToListAsync(cancellationToken);
        var departmentIds = user.DepartmentScope;
        var departments = departmentIds.Count == 0 ? [] : await db.Set<Department>().AsNoTracking().Where(d => departmentIds.Contains(d.Id))
            .Select(d => new DepartmentRef(d.Id, d.Code, d.Name)).ToListAsync(cancellationToken);
        return new StaffAccess
        {
            UserName = user.UserName,
            DisplayName = user.DisplayName,
            Roles = user.Roles.ToHashSet(),
            Scope = StaffScope.For(user, units),
            Departments = departments,
            Units = [.. units.Select(u => new OrgUnitRef(u.Id, u.Code, u.Name, u.Level, u.Path))],
        };
    }
}

/// <summary>Adds the staff record's roles as role claims, whichever scheme signed the user in.</summary>
internal sealed class StaffClaims(StaffDirectory directory) : IClaimsTransformation
{
    public const string StaffClaim = "casehub:staff";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true } identity || principal.HasClaim(c => c.Type == StaffClaim))
            return principal;
        var access = await directory.FindAsync(principal.Name());
        if (access is null)
            return principal;
        // Keep the identity's own name claim: single sign-on names the user by its configured claim, not ClaimTypes.Name.
        var nameClaimType = (identity as ClaimsIdentity)?.NameClaimType ?? ClaimTypes.Name;
        var enriched = new ClaimsIdentity(principal.Claims, identity.AuthenticationType, nameClaimType, ClaimTypes.Role);
        enriched.AddClaim(new Claim(StaffClaim, access.UserName));
        foreach (var role in access.Roles)
            enriched.AddClaim(new Claim(ClaimTypes.Role, role.ToString()));
        return new ClaimsPrincipal(enriched);
    }
}

public static class StaffAccessExtensions
{
    /// <summary>The signed-in member of staff; 403 when the user has no active staff record.</summary>
    public static async ValueTask<StaffAccess> StaffAsync(this HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(StaffAccess), out var found) && found is StaffAccess cached)
            return cached;
        var access = await http.RequestServices.GetRequiredService<StaffDirectory>().FindAsync(http.User.Name(), http.RequestAborted)
            ?? throw new ForbiddenException(Bilingual.Text("您没有可用的工作人员账号。", "You have no active staff account."));
        http.Items[typeof(StaffAccess)] = access;
        return access;
    }
}
