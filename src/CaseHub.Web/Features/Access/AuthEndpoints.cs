using CaseHub.Cases.Features.Access;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CaseHub.Web.Features.Access;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record OrgUnitSummary(string Code, string Name, string Level);

public sealed record DepartmentSummary(string Code, string Name);

public sealed record MeDto(
    string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<DepartmentSummary> Departments,
    IReadOnlyList<OrgUnitSummary> OrgUnits, bool CanSeePersonalData);

/// <summary>Sign-in with a local account (cookie), sign-out, the signed-in user, and the OpenID Connect start when configured.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in");
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(Policies.SignInRateLimit).WithName("SignIn")
            .WithSummary("Signs in with a local account; sets the session cookie and the XSRF-TOKEN cookie. 401 on wrong credentials or while locked out.");
        group.MapPost("/logout", Logout).AllowAnonymous().WithName("SignOut");
        group.MapGet("/me", Me).RequireAuthorization(Policies.Staff).WithName("GetSignedInUser")
            .WithSummary("The signed-in user, roles and scope; refreshes the XSRF-TOKEN cookie.");
        group.MapGet("/oidc", (string? returnUrl, AuthOptions options) => string.IsNullOrWhiteSpace(options.Oidc.Authority)
                ? throw new NotFoundException("Sign-in provider", "oidc")
                : Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [AccessSetup.OidcScheme]))
            .AllowAnonymous().WithName("SignInWithOidc").WithSummary("Starts single sign-on through the configured OpenID Connect provider.");
        return app;
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> Login(SignInRequest request, SignInManager<UserAccount> signIn,
        StaffDirectory directory, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(request.UserName))
            throw new InvalidRequestException("userName", Bilingual.Text("请输入用户名。", "Enter your user name."));
        if (string.IsNullOrEmpty(request.Password))
            throw new InvalidRequestException("password", Bilingual.Text("请输入密码。", "Enter your password."));
        var account = await signIn.UserManager.FindByNameAsync(request.UserName.Trim());
        var access = account is null ? null : await directory.FindAsync(account.UserName!, http.RequestAborted);
        if (account is null || access is null)
            return Unauthorized(WrongCredentials);
        var result = await signIn.CheckPasswordSignInAsync(account, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return Unauthorized(Bilingual.Text($"密码错误次数过多，账号已锁定至 {account.LockoutEnd:yyyy-MM-dd HH:mm}（UTC）。",
                $"Too many wrong passwords: the account is locked until {account.LockoutEnd:yyyy-MM-dd HH:mm} UTC."));
        if (!result.Succeeded)
            return Unauthorized(WrongCredentials);

        var principal = await signIn.CreateUserPrincipalAsync(account);
        await http.SignInAsync(IdentityConstants.ApplicationScheme, principal);
        // The antiforgery token is bound to the user, so it is made for the one just signed in.
        http.User = principal;
        AccessSetup.IssueXsrfToken(http);
        return TypedResults.Ok(ToDto(access));
    }

    private static async Task<NoContent> Logout(HttpContext http, CancellationToken cancellationToken)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        http.Response.Cookies.Delete(AccessSetup.XsrfCookie);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeDto>> Me(HttpContext http, CancellationToken cancellationToken)
    {
        var access = await http.StaffAsync();
        AccessSetup.IssueXsrfToken(http);
        return TypedResults.Ok(ToDto(access));
    }

    private static MeDto ToDto(StaffAccess access) => new(
        access.UserName, access.DisplayName, [.. access.Roles.Order().Select(r => r.ToString())],
        [.. access.Departments.Select(d => new DepartmentSummary(d.Code, d.Name))],
        [.. access.Units.Select(u => new OrgUnitSummary(u.Code, u.Name, u.Level.ToString()))], access.CanSeePersonalData);

    /// <summary>The sign-in failure the login page shows; the same for an unknown user and a wrong password.</summary>
    private static string WrongCredentials => Bilingual.Text("用户名或密码错误。", "The user name or password is wrong.");

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: Bilingual.Text("未登录", "Not signed in"), detail: detail);

    private static string SafeReturnUrl(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
