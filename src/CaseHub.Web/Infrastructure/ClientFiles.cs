using Microsoft.Net.Http.Headers;

namespace CaseHub.Web.Infrastructure;

/// <summary>How the host serves the built web client (ClientApp, built into wwwroot).</summary>
public static class ClientFiles
{
    /// <summary>
    /// Vite names every script and stylesheet under <c>/assets</c> after a hash of its content, so a browser may keep them
    /// for a year without asking again; the index page, which names the current ones, is revalidated on every visit so that
    /// a new build is picked up at once.
    /// </summary>
    public static readonly StaticFileOptions Options = new()
    {
        OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] =
            context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
    };

    public static IApplicationBuilder UseClientFiles(this IApplicationBuilder app) => app.UseDefaultFiles().UseStaticFiles(Options);

    /// <summary>Client-side routes of the SPA get the index page; API paths that match nothing stay 404s.</summary>
    public static IEndpointConventionBuilder MapClientRoutes(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapFallbackToFile("{*path:regex(^(?!api/|open311/|openapi/|health|hubs/).*$):nonfile}", "index.html", Options);
}
