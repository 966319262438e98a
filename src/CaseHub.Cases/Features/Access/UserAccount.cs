using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Cases.Features.Access;

/// <summary>
/// A local sign-in (ASP.NET Core Identity): password hash, lockout and security stamp. It shares its id and user name
/// with the <see cref="Organisation.StaffUser"/> that holds the roles and scope, so that access rules live in one place
/// whichever way the user signed in (local account, OpenID Connect, or the development header).
/// </summary>
public sealed class UserAccount : IdentityUser<Guid>;

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> e)
    {
        e.ToTable("user_accounts");
        e.HasKey(x => x.Id);
        e.Property(x => x.UserName).HasMaxLength(100);
        e.Property(x => x.NormalizedUserName).HasMaxLength(100);
        e.Property(x => x.Email).HasMaxLength(200);
        e.Property(x => x.NormalizedEmail).HasMaxLength(200);
        e.Property(x => x.PhoneNumber).HasMaxLength(30);
        e.Property(x => x.PasswordHash).HasMaxLength(200);
        e.Property(x => x.SecurityStamp).HasMaxLength(100);
        e.Property(x => x.ConcurrencyStamp).HasMaxLength(100).IsConcurrencyToken();
        e.HasIndex(x => x.NormalizedUserName).IsUnique().HasDatabaseName("ux_user_accounts_user_name");
        e.HasIndex(x => x.NormalizedEmail).HasDatabaseName("ix_user_accounts_email");
    }
}

internal sealed class UserAccountClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> e)
    {
        e.ToTable("user_account_claims");
        e.HasKey(x => x.Id);
        e.Property(x => x.ClaimType).HasMaxLength(200);
        e.Property(x => x.ClaimValue).HasMaxLength(400);
        e.HasOne<UserAccount>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.UserId).HasDatabaseName("ix_user_account_claims_user");
    }
}

/// <summary>Links an account to an external sign-in (the government SSO's subject).</summary>
internal sealed class UserAccountLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> e)
    {
        e.ToTable("user_account_logins");
        e.HasKey(x => new { x.LoginProvider, x.ProviderKey });
        e.Property(x => x.LoginProvider).HasMaxLength(100);
        e.Property(x => x.ProviderKey).HasMaxLength(200);
        e.Property(x => x.ProviderDisplayName).HasMaxLength(100);
        e.HasOne<UserAccount>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.UserId).HasDatabaseName("ix_user_account_logins_user");
    }
}

internal sealed class UserAccountTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> e)
    {
        e.ToTable("user_account_tokens");
        e.HasKey(x => new { x.UserId, x.LoginProvider, x.Name });
        e.Property(x => x.LoginProvider).HasMaxLength(100);
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasOne<UserAccount>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
