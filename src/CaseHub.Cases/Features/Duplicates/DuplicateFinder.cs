using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Duplicates;

public sealed class DuplicateOptions
{
    /// <summary>How near another case must be to count as the same problem. Default 50 m.</summary>
    public double RadiusMetres { get; set; } = 50;

    /// <summary>How recent it must be. Default 72 hours.</summary>
    public double WindowHours { get; set; } = 72;

    /// <summary>How alike the texts must be, as the Dice coefficient of their character bigrams (0 to 1). Default 0.3.</summary>
    public double MinSimilarity { get; set; } = 0.3;
}

public sealed record DuplicateCandidate(Case Case, double DistanceMetres, double Similarity);

/// <summary>
/// 重复件: an open case with the same item, within <see cref="DuplicateOptions.RadiusMetres"/> and
/// <see cref="DuplicateOptions.WindowHours"/>, whose text is similar. The (item, latitude, longitude, received)
/// index narrows the search to a small box; distance and text decide.
/// </summary>
public sealed class DuplicateFinder(CaseHubDbContext db, DuplicateOptions options)
{
    private static readonly CaseStatus[] Ended = [CaseStatus.Closed, CaseStatus.Merged, CaseStatus.Cancelled];

    // Compiled, as every located and classified intake asks: translating the LINQ each time cost more CPU than running it.
    // Ordered by latitude, which ix_cases_item_location gives for free. Ordered by time, PostgreSQL's generic plan
    // walked (received_at, …) backwards through every case of the window (300 pages at 6,000 cases) instead of
    // reading the box (2 pages). More than the cap in a 100 m box (cases geocoded to one address point) is rare.
    private static readonly CompiledPerModel<Func<CaseHubDbContext, Guid, DateTimeOffset, DateTimeOffset, Guid, double, double, double, double, IAsyncEnumerable<Case>>> OpenCasesNear = new(() =>
        EF.CompileAsyncQuery((CaseHubDbContext db, Guid itemId, DateTimeOffset since, DateTimeOffset until, Guid exceptId, double south, double north, double west, double east) =>
            db.Set<Case>().AsNoTracking()
                .Where(c => c.ItemId == itemId && !Ended.Contains(c.Status) && c.ReceivedAt >= since && c.ReceivedAt <= until && c.Id != exceptId
                    && c.Latitude >= south && c.Latitude <= north && c.Longitude >= west && c.Longitude <= east)
                .OrderBy(c => c.Latitude)
                .Take(500)));

    /// <summary>Cases this unit of work must not offer as duplicates: a dry run of a copied case would otherwise find its original.</summary>
    public HashSet<Guid> Excluded { get; } = [];

    public async Task<DuplicateCandidate?> FindAsync(Case @case, CancellationToken cancellationToken)
    {
        if (@case.ItemId is not { } itemId || @case.Latitude is not { } lat || @case.Longitude is not { } lng)
            return null;
        var since = @case.ReceivedAt.AddHours(-options.WindowHours);
        var latDelta = options.RadiusMetres / 111_320d;
        var lngDelta = options.RadiusMetres / (111_320d * Math.Max(0.01, Math.Cos(lat * Math.PI / 180)));
        var candidates = new List<Case>();
        await foreach (var candidate in OpenCasesNear.For(db)(db, itemId, since, @case.ReceivedAt, @case.Id, lat - latDelta, lat + latDelta, lng - lngDelta, lng + lngDelta)
            .WithCancellation(cancellationToken))
            candidates.Add(candidate);
        var text = $"{@case.Title} {@case.Description}";
        return candidates
            .Where(c => !Excluded.Contains(c.Id))
            .Select(c => new DuplicateCandidate(c, DistanceMetres(lat, lng, c.Latitude!.Value, c.Longitude!.Value), Similarity(text, $"{c.Title} {c.Description}")))
            .Where(c => c.DistanceMetres <= options.RadiusMetres && c.Similarity >= options.MinSimilarity)
            .OrderByDescending(c => c.Similarity)
            .ThenBy(c => c.DistanceMetres)
            .ThenByDescending(c => c.Case.ReceivedAt)
            .FirstOrDefault();
    }

    /// <summary>Great-circle distance in metres (haversine); exact enough at these distances.</summary>
    public static double DistanceMetres(double lat1, double lng1, double lat2, double lng2)
    {
        const double earthRadius = 6_371_000;
        double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(lat2 - lat1);
        var dLng = Radians(lng2 - lng1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * earthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Dice coefficient of the two texts' character bigrams, ignoring spaces and punctuation: Chinese needs no word splitting.</summary>
    public static double Similarity(string a, string b)
    {
        var left = Bigrams(a);
        var right = Bigrams(b);
        if (left.Count == 0 || right.Count == 0)
            return 0;
        var shared = left.Sum(pair => Math.Min(pair.Value, right.GetValueOrDefault(pair.Key)));
        return 2.0 * shared / (left.Values.Sum() + right.Values.Sum());
    }

    private static Dictionary<string, int> Bigrams(string text)
    {
        var letters = text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
        var counts = new Dictionary<string, int>();
        for (var i = 0; i + 1 < letters.Length; i++)
        {
            var key = new string(letters, i, 2);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }
}
