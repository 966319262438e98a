using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Infrastructure;

public static class CurrentUser
{
    /// <summary>The signed-in user's name, used as the actor on tasks, the journal and audit.</summary>
    public static string Name(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(user.Identity.Name) ? user.Identity.Name : "anonymous";
}

/// <summary>
/// Test and benchmark sign-in: trusts the <c>X-CaseHub-User</c> header, naming a staff record whose roles and scope then
/// apply exactly as for a signed-in user. Off unless <c>Auth:DevHeader=true</c>; never switch it on in production.
/// </summary>
internal sealed class DevHeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DevHeader";
    public const string Header = "X-CaseHub-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var name = Request.Headers[Header].ToString().Trim();
        if (name.Length == 0)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (name.Length > 100)
            return Task.FromResult(AuthenticateResult.Fail($"{Header} must be at most 100 characters."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
