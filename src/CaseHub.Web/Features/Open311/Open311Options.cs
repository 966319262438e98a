namespace CaseHub.Web.Features.Open311;

/// <summary>The <c>Open311</c> section: the public GeoReport v2 API under <c>/open311/v2/</c>.</summary>
public sealed class Open311Options
{
    /// <summary>Keys that may POST requests (the <c>api_key</c> form field). Default: none, so every POST gets 403.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>POSTs each api_key may make a minute; beyond them 429 with the spec's error list, and nothing is written. Default 60.</summary>
    public int SubmissionsPerMinute { get; set; } = 60;

    /// <summary>GETs each client address may make a minute; beyond them 429 with the spec's error list. Default 120.</summary>
    public int ReadsPerMinute { get; set; } = 120;

    /// <summary>
    /// List cases of every channel in GET requests (without the complainant's data, but with the description as written).
    /// Default false: only cases that came in through Open311, whose text the public wrote.
    /// </summary>
    public bool ListAllChannels { get; set; }

    /// <summary>Discovery's <c>contact</c>: who runs the endpoint. Default: empty.</summary>
    public string Contact { get; set; } = "";

    /// <summary>Discovery's <c>key_service</c>: how a developer gets an api_key. Default: empty.</summary>
    public string KeyService { get; set; } = "";

    /// <summary>Discovery's <c>changeset</c>: when the discovery document last changed. Default 2025-03-01T00:00:00+08:00.</summary>
    public DateTimeOffset Changeset { get; set; } = new(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The public URL of the v2 endpoint as clients reach it, e.g. https://12345.example.gov.cn/open311/v2. Default: from the request.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Discovery's endpoint <c>type</c>: production or test. Default production.</summary>
    public string EndpointType { get; set; } = "production";
}
