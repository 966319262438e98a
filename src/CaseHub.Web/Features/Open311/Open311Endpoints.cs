using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Open311;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Open311;

/// <summary>
/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under <c>/open311/v2/</c>, public and in JSON or XML by the
/// path's extension. Errors are the spec's list of {code, description}, never ProblemDetails.
/// </summary>
public static class Open311Endpoints
{
    private const string Specification = "http://wiki.open311.org/GeoReport_v2";

    public static IServiceCollection AddOpen311(this IServiceCollection services)
    {
        services.AddOptions<Open311Options>().BindConfiguration("Open311");
        services.AddScoped<GeoReport>();
        services.AddSingleton<Open311Limits>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/open311/v2").WithTags("Open311").AllowAnonymous().AddEndpointFilter(FormatAndErrors);
        group.MapGet("/discovery.{format}", Discovery).WithName("Open311Discovery").WithSummary("GeoReport v2 discovery: the endpoint, its formats and contact.");
        group.MapGet("/services.{format}", Services).WithName("Open311Services").WithSummary("The active leaves of the item list as services.");
        group.MapGet("/services/{service_code}.{format}", ServiceDefinition).WithName("Open311ServiceDefinition")
            .WithSummary("A service's definition: no extra attributes (metadata is false); 404 for unknown codes.");
        group.MapPost("/requests.{format}", Submit).WithName("Open311Submit")
            .WithSummary("Receives a service request (form-encoded, api_key required) as an Open311 case.");
        group.MapGet("/requests.{format}", Requests).WithName("Open311Requests")
            .WithSummary("Service requests, newest first, at most 1,000, within at most 90 days (default: the last 90).");
        group.MapGet("/requests/{service_request_id}.{format}", Request).WithName("Open311Request").WithSummary("One service request by its tracking number.");
        group.MapGet("/tokens/{token}.{format}", Token).WithName("Open311Token").WithSummary("The service_request_id a POST's token stands for.");
        return app;
    }

    /// <summary>Writes each handler's document in the path's format, and turns the domain's exceptions into the spec's errors.</summary>
    private static async ValueTask<object?> FormatAndErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var extension = context.HttpContext.GetRouteValue("format") as string;
        Open311Format format;
        if (string.Equals(extension, "json", StringComparison.OrdinalIgnoreCase))
            format = Open311Format.Json;
        else if (string.Equals(extension, "xml", StringComparison.OrdinalIgnoreCase))
            format = Open311Format.Xml;
        else
            return Open311Document.Error(StatusCodes.Status404NotFound, $"Unknown format '{extension}'; use .json or .xml.");
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) && context.HttpContext.RequestServices.GetRequiredService<Open311Limits>().Read(context.HttpContext) is { } refused)
            return refused.As(format);

        try
        {
            return await next(context) is Open311Document document ? document.As(format) : throw new InvalidOperationException("An Open311 handler must return a document.");
        }
        catch (InvalidRequestException e)
        {
            return Open311Document.Error(StatusCodes.Status400BadRequest, $"{e.Field}: {e.Message}").As(format);
        }
        catch (ValidationFailedException e)
        {
            return Open311Document.Error(StatusCodes.Status400BadRequest, string.Join(" ", e.Errors.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))).As(format);
        }
        catch (NotFoundException e)
        {
            return Open311Document.Error(StatusCodes.Status404NotFound, e.Message).As(format);
        }
        catch (ForbiddenException e)
        {
            return Open311Document.Error(StatusCodes.Status403Forbidden, e.Message).As(format);
        }
    }

    private static Open311Document Discovery(HttpRequest request, IOptions<Open311Options> options)
    {
        var o = options.Value;
        var url = string.IsNullOrWhiteSpace(o.BaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}/open311/v2" : o.BaseUrl.TrimEnd('/');
        var endpoint = new Open311Entity
        {
            { "specification", Specification },
            { "url", url },
            { "changeset", o.Changeset },
            { "type", o.EndpointType },
            { "formats", new Open311Strings("format", ["application/json", "text/xml"]) },
        };
        return Open311Document.Single("discovery", new Open311Entity
        {
            { "changeset", o.Changeset },
            { "contact", o.Contact },
            { "key_service", o.KeyService },
            { "endpoints", new Open311List("endpoint", [endpoint]) },
        });
    }

    private static async Task<Open311Document> Services(GeoReport geo, CancellationToken cancellationToken)
    {
        var services = await geo.ServicesAsync(cancellationToken);
        return Open311Document.List("services", "service", [.. services.Select(s => new Open311Entity
        {
            { "service_code", s.Code },
            { "service_name", s.Name },
            { "description", s.Description },
            { "metadata", false },
            { "type", "realtime" },
            { "keywords", string.Join(",", s.Keywords) },
            { "group", s.Group },
        })]);
    }

    private static async Task<Open311Document> ServiceDefinition([FromRoute(Name = "service_code")] string serviceCode, GeoReport geo, CancellationToken cancellationToken)
    {
        var service = await geo.ServiceAsync(serviceCode, cancellationToken) ?? throw new NotFoundException("Service", serviceCode);
        return Open311Document.Single("service_definition", new Open311Entity
        {
            { "service_code", service.Code },
            { "attributes", new Open311List("attribute", []) },
        });
    }

    private static async Task<Open311Document> Submit(HttpRequest request, GeoReport geo, IOptions<Open311Options> options, Open311Limits limits, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            throw new InvalidRequestException("Content-Type", "Send the request as application/x-www-form-urlencoded.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidRequestException("body", $"The form could not be read: {e.Message}");
        }
        string? Field(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

        if (!KnownKey(Field("api_key"), options.Value.ApiKeys))
            throw new ForbiddenException(Field("api_key") is null ? "api_key is required." : "api_key is not valid.");
        if (limits.Submission(request.HttpContext, Field("api_key")!) is { } refused)
            return refused;

        var submission = new GeoSubmission(
            Field("service_code"), Coordinate(Field("lat"), "lat"), Coordinate(Field("long"), "long"),
            Field("address_string"), Field("address_id"), Field("description"),
            Field("first_name"), Field("last_name"), Field("phone"), Field("email"), Field("media_url"));
        var created = await geo.SubmitAsync(submission, "open311", cancellationToken);
        return Open311Document.List("service_requests", "request", [new Open311Entity
        {
            { "service_request_id", created.ServiceRequestId },
            { "token", created.CaseId.ToString() },
            { "service_notice", $"已受理，受理编号 {created.ServiceRequestId}，可凭此编号查询办理进度。" },
            { "account_id", null },
        }]);
    }

    private static async Task<Open311Document> Requests(HttpRequest request, GeoReport geo, IOptions<Open311Options> options, IntakeOptions intake,
        TimeProvider time, CancellationToken cancellationToken)
    {
        string? Query(string name) => request.Query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var zone = intake.LocalTimeZone();
        var ids = Query("service_request_id")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var start = Date(Query("start_date"), "start_date", zone);
        var end = Date(Query("end_date"), "end_date", zone);
        // The spec's default window is the last 90 days; a lone start or end date gets a 90-day window from it.
        var to = end ?? (start is { } s ? s + GeoReport.MaxWindow : time.GetUtcNow());
        var from = start ?? to - GeoReport.MaxWindow;
        bool? open = Query("status")?.ToLowerInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray() switch
        {
            null => null,
            ["open"] => true,
            ["closed"] => false,
            var both when both.All(x => x is "open" or "closed") => null,
            _ => throw new InvalidRequestException("status", "status must be open, closed, or both comma-separated."),
        };
        var found = await geo.FindAsync(new GeoQuery(ids, Query("service_code"), from, to, open), options.Value.ListAllChannels, cancellationToken);
        return Open311Document.List("service_requests", "request", [.. found.Select(r => ToEntity(r, zone))]);
    }

    private static async Task<Open311Document> Request([FromRoute(Name = "service_request_id")] string serviceRequestId, GeoReport geo, IOptions<Open311Options> options, IntakeOptions intake,
        CancellationToken cancellationToken)
    {
        var found = await geo.GetAsync(serviceRequestId, options.Value.ListAllChannels, cancellationToken);
        return Open311Document.List("service_requests", "request", [ToEntity(found, intake.LocalTimeZone())]);
    }

    private static async Task<Open311Document> Token(string token, GeoReport geo, IOptions<Open311Options> options, CancellationToken cancellationToken)
    {
        var id = await geo.ServiceRequestIdForTokenAsync(token, options.Value.ListAllChannels, cancellationToken);
        return Open311Document.List("service_requests", "request", [new Open311Entity { { "service_request_id", id }, { "token", token } }]);
    }

    private static Open311Entity ToEntity(GeoRequest r, TimeZoneInfo zone) => new()
    {
        { "service_request_id", r.ServiceRequestId },
        { "status", r.Open ? "open" : "closed" },
        { "status_notes", r.StatusNotes },
        { "service_name", r.ServiceName },
        { "service_code", r.ServiceCode },
        { "description", r.Description },
        { "agency_responsible", r.AgencyResponsible },
        { "service_notice", null },
        { "requested_datetime", TimeZoneInfo.ConvertTime(r.RequestedAt, zone) },
        { "updated_datetime", TimeZoneInfo.ConvertTime(r.UpdatedAt, zone) },
        { "expected_datetime", r.ExpectedAt is { } due ? TimeZoneInfo.ConvertTime(due, zone) : null },
        { "address", r.Address },
        { "address_id", null },
        { "zipcode", "" },
        { "lat", r.Lat },
        { "long", r.Long },
        { "media_url", r.MediaUrl },
    };

    /// <summary>Compares in constant time, so response timing does not reveal how much of a key was right.</summary>
    private static bool KnownKey(string? key, IReadOnlyList<string> keys)
    {
        if (key is null)
            return false;
        var given = Encoding.UTF8.GetBytes(key);
        var match = false;
        foreach (var known in keys.Where(k => !string.IsNullOrWhiteSpace(k)))
            match |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(known.Trim()));
        return match;
    }

    private static double? Coordinate(string? text, string field) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new InvalidRequestException(field, $"{field} must be a decimal number (WGS-84 degrees).");

    /// <summary>W3C / ISO 8601; a time without an offset is read in the centre's time zone.</summary>
    private static DateTimeOffset? Date(string? text, string field, TimeZoneInfo zone)
    {
        if (text is null)
            return null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            throw new InvalidRequestException(field, $"{field} must be a W3C date-time, e.g. 2025-03-01T00:00:00+08:00.");
        return parsed.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(parsed, zone.GetUtcOffset(parsed))
            : new DateTimeOffset(parsed.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>The api_key is missing or unknown (HTTP 403 in the spec's error format).</summary>
    private sealed class ForbiddenException(string message) : Exception(message);
}
