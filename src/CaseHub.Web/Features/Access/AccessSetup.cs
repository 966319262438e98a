using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Access;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Features.Access;

/// <summary>Who may call what. Roles come from the staff record; jurisdiction is checked per case, task and list.</summary>
public static class Policies
{
    /// <summary>Any active member of staff.</summary>
    public const string Staff = "staff";
    /// <summary>Records cases: hotline agents (dispatchers) and grid workers.</summary>
    public const string Intake = "intake";
    /// <summary>The command centre's dispatch work: merge, manual dispatch, classification feedback.</summary>
    public const string Dispatch = "dispatch";
    /// <summary>Supervision: reminders, orders, escalation, extension decisions, the overdue board.</summary>
    public const string Supervise = "supervise";
    /// <summary>Edits and publishes workflow definitions, starts and repairs instances.</summary>
    public const string EditWorkflows = "workflows.edit";
    /// <summary>Reads workflow instances and their journals: workflow admins and auditors.</summary>
    public const string ReadInstances = "workflows.instances";
    /// <summary>Reads the audit log.</summary>
    public const string Audit = "audit";
    /// <summary>Organisation, item list, calendar and outbox administration.</summary>
    public const string Administer = "admin";

    public const string PublicRateLimit = "public";
    public const string SignInRateLimit = "sign-in";

    internal static void Add(AuthorizationBuilder authorization)
    {
        void Add(string name, params StaffRole[] roles) =>
            authorization.AddPolicy(name, p => p.RequireClaim(StaffClaims.StaffClaim).RequireRole([.. roles.Select(r => r.ToString())]));
        authorization.AddPolicy(Staff, p => p.RequireClaim(StaffClaims.StaffClaim));
        Add(Intake, StaffRole.Dispatcher, StaffRole.GridWorker, StaffRole.SystemAdmin);
        Add(Dispatch, StaffRole.Dispatcher, StaffRole.SystemAdmin);
        Add(Supervise, StaffRole.Supervisor, StaffRole.Dispatcher, StaffRole.SystemAdmin);
        Add(EditWorkflows, StaffRole.WorkflowAdmin, StaffRole.SystemAdmin);
        Add(ReadInstances, StaffRole.WorkflowAdmin, StaffRole.Auditor, StaffRole.SystemAdmin);
        Add(Audit, StaffRole.Auditor, StaffRole.SystemAdmin);
        Add(Administer, StaffRole.SystemAdmin);
    }
}

public sealed class AuthOptions
{
    /// <summary>Trust the <c>X-CaseHub-User</c> header (tests and benchmarks only). Default false.</summary>
    public bool DevHeader { get; set; }
    public OidcOptions Oidc { get; set; } = new();
    /// <summary>Requests per minute per IP address to the public pages (citizen report, status lookup, rating).</summary>
    public int PublicRequestsPerMinute { get; set; } = 30;
    /// <summary>Sign-in attempts per minute per IP address, on top of the per-account lockout.</summary>
    public int SignInsPerMinute { get; set; } = 20;
}

public sealed class OidcOptions
{
    /// <summary>The government SSO's issuer; OpenID Connect sign-in is on when this is set.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The claim carrying the CaseHub user name (matched to a staff record). Default <c>preferred_username</c>.</summary>
    public string UserNameClaim { get; set; } = "preferred_username";
    public bool RequireHttpsMetadata { get; set; } = true;
}

public static class AccessSetup
{
    public const string SchemeSelector = "CaseHub";
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string XsrfCookie = "XSRF-TOKEN";
    public const string XsrfHeader = "X-XSRF-TOKEN";

    public static IHostApplicationBuilder AddCaseHubAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(options);

        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = SchemeSelector;
                o.DefaultChallengeScheme = SchemeSelector;
            })
            .AddPolicyScheme(SchemeSelector, null, o => o.ForwardDefaultSelector = http =>
                options.DevHeader && http.Request.Headers.ContainsKey(DevHeaderAuthentication.Header)
                    ? DevHeaderAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "casehub.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // An API answers with a status, not a redirect to a login page; the SPA shows its own.
                o.Events.OnRedirectToLogin = http => Status(http.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = http => Status(http.Response, StatusCodes.Status403Forbidden);
            })
            .AddCookie(IdentityConstants.ExternalScheme, o => o.Cookie.Name = "casehub.external");
        if (options.DevHeader)
            authentication.AddScheme<AuthenticationSchemeOptions, DevHeaderAuthentication>(DevHeaderAuthentication.SchemeName, null);
        if (!string.IsNullOrWhiteSpace(options.Oidc.Authority))
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = options.Oidc.Authority;
                o.ClientId = options.Oidc.ClientId;
                o.ClientSecret = options.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.RequireHttpsMetadata = options.Oidc.RequireHttpsMetadata;
                o.SignInScheme = IdentityConstants.ApplicationScheme;
                o.TokenValidationParameters.NameClaimType = options.Oidc.UserNameClaim;
                o.MapInboundClaims = false;
            });

        services.AddIdentityCore<UserAccount>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<CaseHubDbContext>();

        Policies.Add(services.AddAuthorizationBuilder());
        services.AddSingleton<StaffDirectory>();
        services.AddTransient<IClaimsTransformation, StaffClaims>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = XsrfHeader;
            o.Cookie.Name = "casehub.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policies.PublicRateLimit, http => PerMinute.Window(PerMinute.ClientAddress(http), options.PublicRequestsPerMinute));
            o.AddPolicy(Policies.SignInRateLimit, http => PerMinute.Window(PerMinute.ClientAddress(http), options.SignInsPerMinute));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = "60";
                await response.WriteAsJsonAsync(new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests, Title = Bilingual.Text("请求过于频繁", "Too many requests"),
                    Detail = Bilingual.Text("该地址的请求过于频繁，请一分钟后再试。", "Too many requests from this address; try again in a minute."),
                }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
            };
        });
        return builder;
    }

    /// <summary>After authentication: refuses unsafe cookie-authenticated requests without the antiforgery header, and names the actor for the audit log.</summary>
    public static WebApplication UseCaseHubAccess(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
                && http.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme)
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
            AuditActor.Current = new AuditActor(http.User.Name(), http.Connection.RemoteIpAddress?.ToString(), $"{http.Request.Method} {route}");
            await next();
        });
        return app;
    }

    /// <summary>Sets the cookie the SPA reads to send <see cref="XsrfHeader"/>, for the user now on <paramref name="http"/>.</summary>
    public static void IssueXsrfToken(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        http.Response.Cookies.Append(XsrfCookie, tokens.RequestToken!, new CookieOptions { HttpOnly = false, SameSite = SameSiteMode.Strict, Path = "/" });
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
