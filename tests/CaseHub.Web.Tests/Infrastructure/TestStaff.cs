using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Infrastructure;

/// <summary>
/// Feature tests act as an all-seeing system admin unless they set staff up themselves: a client for a name with no
/// staff record creates one before its first request. What each role may see is tested by the authorization matrix.
/// </summary>
public static class TestStaff
{
    public static async Task EnsureAsync(CaseHubDbContext db, string userName)
    {
        if (await db.Set<StaffUser>().AnyAsync(u => u.UserName == userName))
            return;
        db.Add(new StaffUser { Id = Guid.NewGuid(), UserName = userName, DisplayName = userName, Roles = [StaffRole.SystemAdmin] });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another client for the same name got there first.
        }
    }

    /// <summary>Creates or replaces the staff record of <paramref name="userName"/>, and makes the app forget what it cached.</summary>
    public static async Task SetAsync(CaseHubApp app, string userName, StaffRole[] roles, Guid[]? units = null, Guid[]? departments = null)
    {
        await using (var db = app.NewDbContext())
        {
            var user = await db.Set<StaffUser>().FirstOrDefaultAsync(u => u.UserName == userName);
            if (user is null)
                db.Add(user = new StaffUser { Id = Guid.NewGuid(), UserName = userName, DisplayName = userName });
            user.Roles = [.. roles];
            user.OrgUnitScope = [.. units ?? []];
            user.DepartmentScope = [.. departments ?? []];
            await db.SaveChangesAsync();
        }
        app.Service<StaffDirectory>().Invalidate();
    }
}

/// <summary>Makes sure the client's user has a staff record before the first request goes out.</summary>
public sealed class EnsureStaffHandler(Func<CaseHubDbContext> newDb, string userName) : DelegatingHandler
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _done;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_done)
        {
            await _once.WaitAsync(cancellationToken);
            try
            {
                if (!_done)
                {
                    await using var db = newDb();
                    await TestStaff.EnsureAsync(db, userName);
                    _done = true;
                }
            }
            finally
            {
                _once.Release();
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
