using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Access;

/// <summary>
/// Jurisdiction checks on cases. A case is in a user's scope when it lies in one of the user's org units, is handled by
/// one of the user's departments, or has a task for one of them (an assisting department of a whistle-blow). A case out
/// of scope is reported as not found, so that its existence does not leak.
/// </summary>
public static class CaseScope
{
    public static async Task<bool> CanSeeCaseAsync(this StaffAccess access, CaseHubDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        if (access.SeesWholeCity)
            return true;
        var found = await db.Set<Case>().AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.DepartmentId, UnitId = c.GridId ?? c.JurisdictionId, c.WorkflowInstanceId })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
            return true; // the endpoint reports the 404 itself
        var path = found.UnitId is { } unitId
            ? await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (access.Scope.CanSee(path, found.DepartmentId))
            return true;
        var groups = access.ExplicitGroups().Where(g => !StaffAccess.CentreQueues.Contains(g)).ToList();
        return found.WorkflowInstanceId is { } instanceId && groups.Count > 0
            && await db.Set<HumanTask>().AnyAsync(t => t.InstanceId == instanceId && groups.Contains(t.CandidateGroup), cancellationToken);
    }

    /// <summary>404 naming <paramref name="what"/> and <paramref name="asked"/> (what the caller asked for, never more) unless the case is in scope.</summary>
    public static async Task EnsureCanSeeCaseAsync(this StaffAccess access, CaseHubDbContext db, Guid caseId, CancellationToken cancellationToken,
        string what = "Case", object? asked = null)
    {
        if (!await access.CanSeeCaseAsync(db, caseId, cancellationToken))
            throw new NotFoundException(what, asked ?? caseId);
    }

    /// <summary>Only the cases the user may see; users whose units include the city see every case without a filter.</summary>
    public static async Task<IQueryable<Case>> VisibleAsync(this StaffAccess access, IQueryable<Case> cases, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        if (access.SeesWholeCity)
            return cases;
        var unitIds = await UnitsInScopeAsync(access, db, cancellationToken);
        var departmentIds = access.Departments.Select(d => d.Id).ToList();
        return cases.Where(c => (c.DepartmentId != null && departmentIds.Contains(c.DepartmentId.Value))
            || (c.GridId != null && unitIds.Contains(c.GridId.Value))
            || (c.JurisdictionId != null && unitIds.Contains(c.JurisdictionId.Value)));
    }

    /// <summary>Ids of every org unit in the subtrees of the user's units.</summary>
    public static async Task<List<Guid>> UnitsInScopeAsync(StaffAccess access, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        foreach (var unit in access.Units)
            ids.AddRange(await UnitAndBelowAsync(db, unit.Path, cancellationToken));
        return ids;
    }

    /// <summary>Ids of the org unit at <paramref name="path"/> and of every unit beneath it.</summary>
    public static Task<List<Guid>> UnitAndBelowAsync(CaseHubDbContext db, string path, CancellationToken cancellationToken) =>
        db.Set<OrgUnit>().AsNoTracking().Where(u => u.Path.StartsWith(path)).Select(u => u.Id).ToListAsync(cancellationToken);

    /// <summary>Whether the user works tasks and reads notifications of <paramref name="group"/>; looks up the centre's unit when it names one.</summary>
    public static async Task<bool> WorksGroupAsync(this StaffAccess access, CaseHubDbContext db, string group, CancellationToken cancellationToken)
    {
        string? unitPath = null;
        if (!access.IsAdmin && StaffAccess.UnitCodeOf(group) is { } code)
            unitPath = await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Code == code).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
        return access.WorksGroup(group, unitPath);
    }

    /// <summary>For routes with a case <c>{id}</c>: 404 unless the case is in the user's scope.</summary>
    public static TBuilder RequireCaseInScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.RouteValues.TryGetValue("id", out var raw) && Guid.TryParse(raw?.ToString(), out var caseId))
                await (await http.StaffAsync()).EnsureCanSeeCaseAsync(http.RequestServices.GetRequiredService<CaseHubDbContext>(), caseId, http.RequestAborted);
            return await next(context);
        });
}
