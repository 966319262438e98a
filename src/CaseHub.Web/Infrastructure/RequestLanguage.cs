using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Sets each request's UI culture from its <c>Accept-Language</c>, which <see cref="Workflows.Bilingual"/> reads to
/// answer in Chinese or English. Only the UI culture: number and date formats stay as they are, so no CSV, tracking
/// number or log line changes with the caller's language. No preference, or one for neither language, means English.
/// </summary>
internal static class RequestLanguage
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Goes first in the pipeline, so that the exception handler's problem titles are in the same language.</summary>
    public static IApplicationBuilder UseRequestLanguage(this IApplicationBuilder app)
    {
        // Work outside a request (timers, start-up imports) answers no one, and what it logs or stores stays English
        // whatever the host's locale.
        CultureInfo.DefaultThreadCurrentUICulture = English;
        return app.Use((context, next) =>
        {
            // Open311 is an external specification's API: its clients get the same English whatever their locale.
            var chinese = !context.Request.Path.StartsWithSegments("/open311") && PrefersChinese(context.Request.Headers.AcceptLanguage);
            CultureInfo.CurrentUICulture = chinese ? Chinese : English;
            return next(context);
        });
    }

    /// <summary>Whether the caller's most preferred language among Chinese and English is Chinese (any zh tag).</summary>
    private static bool PrefersChinese(StringValues acceptLanguage)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptLanguage, out var languages))
            return false;
        // The highest quality wins; among equals, the first listed.
        foreach (var language in languages.Where(l => (l.Quality ?? 1) > 0).OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
                return true;
            if (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return false;
    }
}
