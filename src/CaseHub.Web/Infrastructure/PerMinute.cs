using System.Threading.RateLimiting;

namespace CaseHub.Web.Infrastructure;

/// <summary>The one shape every CaseHub rate limit takes: a fixed one-minute window per partition, refusing rather than queueing.</summary>
internal static class PerMinute
{
    /// <summary>Clients behind no known address share one partition rather than escaping the limit.</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static RateLimitPartition<string> Window(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
