using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Access;
using CaseHub.Cases.Features.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Demo;

/// <summary>Local sign-ins for the demo city's staff, all with <see cref="Password"/> (listed in the README).</summary>
public static class DemoAccounts
{
    public const string Password = "CaseHub!2026";

    /// <summary>Adds an account to every demo staff member who has none; the caller saves.</summary>
    public static async Task AddMissingAsync(CaseHubDbContext db, DemoCity city, CancellationToken cancellationToken)
    {
        var names = city.Users.Select(u => u.UserName).ToList();
        var staff = await db.Set<StaffUser>().Where(u => names.Contains(u.UserName)).Select(u => new { u.Id, u.UserName }).ToListAsync(cancellationToken);
        staff.AddRange(db.ChangeTracker.Entries<StaffUser>().Where(e => e.State == EntityState.Added && names.Contains(e.Entity.UserName))
            .Select(e => new { e.Entity.Id, e.Entity.UserName }));
        var ids = staff.Select(s => s.Id).ToList();
        var existing = (await db.Set<UserAccount>().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken)).ToHashSet();
        var missing = staff.Where(s => !existing.Contains(s.Id)).ToList();
        if (missing.Count == 0)
            return;
        // One hash for all: PBKDF2 at Identity's cost takes tens of milliseconds, and these accounts share a published password anyway.
        var hash = new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), Password);
        foreach (var user in missing)
            db.Add(new UserAccount
            {
                Id = user.Id,
                UserName = user.UserName,
                NormalizedUserName = user.UserName.ToUpperInvariant(),
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            });
    }
}
