using System.Threading.RateLimiting;
using CaseHub.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Open311;

/// <summary>
/// How much of the public Open311 API one client may use a minute: submissions per api_key (a civic app's backend posts
/// for all its citizens from one address, so the key is the client), reads per client address (reads need no key).
/// </summary>
internal sealed class Open311Limits(IOptions<Open311Options> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _submissions = Limiter(options.Value.SubmissionsPerMinute);
    private readonly PartitionedRateLimiter<string> _reads = Limiter(options.Value.ReadsPerMinute);

    /// <summary>Null when the key may submit now, else the spec's 429 error.</summary>
    public Open311Document? Submission(HttpContext http, string apiKey) =>
        Take(_submissions, apiKey, http, $"This api_key has made its {options.Value.SubmissionsPerMinute} requests of this minute; try again in a minute.");

    /// <summary>Null when the client address may read now, else the spec's 429 error.</summary>
    public Open311Document? Read(HttpContext http) =>
        Take(_reads, PerMinute.ClientAddress(http), http, $"This address has made its {options.Value.ReadsPerMinute} reads of this minute; try again in a minute.");

    private static Open311Document? Take(PartitionedRateLimiter<string> limiter, string partition, HttpContext http, string refusal)
    {
        using var lease = limiter.AttemptAcquire(partition);
        if (lease.IsAcquired)
            return null;
        http.Response.Headers.RetryAfter = "60";
        return Open311Document.Error(StatusCodes.Status429TooManyRequests, refusal);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits) =>
        PartitionedRateLimiter.Create<string, string>(partition => PerMinute.Window(partition, permits));

    public void Dispose()
    {
        _submissions.Dispose();
        _reads.Dispose();
    }
}
