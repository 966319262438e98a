using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Web;
using CaseHub.Cases.Data;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseHub.Web.Tests.Access;

/// <summary>
/// Single sign-on switched on by configuration (<c>Auth:Oidc:Authority</c>), against a fake provider on the
/// handler's back channel: the challenge, the code exchange, the signed ID token, and the staff record it maps to.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string Authority = "https://sso.example.gov.cn/realms/city";
    private const string ClientId = "casehub";
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;
    private readonly FakeIdentityProvider _provider = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        // The ID token's lifetime and nonce are checked against the wall clock by the token handler, so the app's clock starts there too.
        _app = new CaseHubApp(_database, new FakeTimeProvider(DateTimeOffset.UtcNow), new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Cases"] = "0",
            ["Auth:Oidc:Authority"] = Authority,
            ["Auth:Oidc:ClientId"] = ClientId,
            ["Auth:Oidc:ClientSecret"] = "secret",
        })
        {
            // Configure, not PostConfigure: the handler builds its back channel in its own post-configuration.
            ConfigureTestServices = services => services.Configure<OpenIdConnectOptions>(AccessSetup.OidcScheme, o =>
            {
                o.BackchannelHttpHandler = _provider;
                // The test server speaks plain HTTP; in production these cookies stay Secure.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }),
        };
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheChallenge_GoesToTheProvider_AndItsIdToken_SignsInTheStaffMemberItNames()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

        var challenge = await browser.GetAsync("/api/auth/oidc?returnUrl=/dispatch");
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await challenge.Content.ReadAsStringAsync());
        var authorize = challenge.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Path).ShouldBe(FakeIdentityProvider.AuthorizeEndpoint);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        (query["client_id"], query["response_type"], query["code_challenge_method"]).ShouldBe((ClientId, "code", "S256"));
        query["scope"]!.Split(' ').ShouldContain("openid");

        // The provider authenticates "supervisor" and posts the code back, as the browser would after its login page.
        var code = _provider.IssueCode("supervisor", query["nonce"]!);
        var callback = await browser.PostAsync(new Uri(query["redirect_uri"]!).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }));
        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        callback.Headers.Location!.OriginalString.ShouldBe("/dispatch");

        var me = await (await browser.GetAsync("/api/auth/me")).ReadAsync<MeDto>();
        (me.UserName, me.Roles.Single()).ShouldBe(("supervisor", "Supervisor"));
    }

    [Fact]
    public async Task AnIdTokenNotSignedByTheProvider_SignsNobodyIn()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var query = HttpUtility.ParseQueryString((await browser.GetAsync("/api/auth/oidc")).Headers.Location!.Query);

        var code = _provider.IssueCode("supervisor", query["nonce"]!, signedByStranger: true);
        try
        {
            var callback = await browser.PostAsync(new Uri(query["redirect_uri"]!).PathAndQuery,
                new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }));
            callback.IsSuccessStatusCode.ShouldBeFalse();
        }
        catch (Exception e) when (e is AuthenticationFailureException || e.InnerException is SecurityTokenSignatureKeyNotFoundException)
        {
            // The test server rethrows the handler's failure instead of answering 500: the token was refused either way.
        }
        (await browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>Discovery, keys and the token endpoint of an OpenID provider, answered in memory.</summary>
    private sealed class FakeIdentityProvider : HttpMessageHandler
    {
        public const string AuthorizeEndpoint = Authority + "/protocol/openid-connect/auth";
        private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "city-sso" };
        private readonly RsaSecurityKey _strangerKey = new(RSA.Create(2048)) { KeyId = "city-sso" };
        private readonly Dictionary<string, string> _tokensByCode = [];

        public string IssueCode(string userName, string nonce, bool signedByStranger = false)
        {
            var now = DateTime.UtcNow;
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["preferred_username"] = userName, ["nonce"] = nonce },
                SigningCredentials = new SigningCredentials(signedByStranger ? _strangerKey : _key, SecurityAlgorithms.RsaSha256),
            });
            var code = Guid.NewGuid().ToString("N");
            lock (_tokensByCode)
                _tokensByCode[code] = token;
            return code;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.GetLeftPart(UriPartial.Path);
            object body;
            if (path == Authority + "/.well-known/openid-configuration")
                body = new Dictionary<string, object>
                {
                    ["issuer"] = Authority,
                    ["authorization_endpoint"] = AuthorizeEndpoint,
                    ["token_endpoint"] = Authority + "/protocol/openid-connect/token",
                    ["jwks_uri"] = Authority + "/protocol/openid-connect/certs",
                    ["response_types_supported"] = new[] { "code" },
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                };
            else if (path == Authority + "/protocol/openid-connect/certs")
            {
                var key = _key.Rsa.ExportParameters(false);
                body = new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) } } };
            }
            else if (path == Authority + "/protocol/openid-connect/token" && request.Method == HttpMethod.Post)
            {
                var form = HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(cancellationToken));
                string? token;
                lock (_tokensByCode)
                    _tokensByCode.Remove(form["code"] ?? "", out token);
                if (token is null || form["grant_type"] != "authorization_code" || string.IsNullOrEmpty(form["code_verifier"]))
                    return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":"invalid_grant"}""") };
                body = new { access_token = "opaque", token_type = "Bearer", expires_in = 300, id_token = token };
            }
            else
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
