using System.Diagnostics;
using CaseHub.Cases.Features.Organisation;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

/// <summary>
/// Point-in-grid lookups: an in-memory <see cref="OrgIndex"/> over a √N × √N lattice of irregular 0.001° cells
/// (about 100 m; shared, jittered corners and wavy edges of 16 vertices per grid, so neighbours tile without gaps),
/// under one city, district and street and a community per row. Times random lookups one by one, next to two
/// baselines from the same run: a brute-force scan of every grid (no index) and a single point-in-polygon test.
/// </summary>
internal static class LocateBenchmark
{
    private const double Cell = 0.001;
    private const int PointsPerEdge = 3;

    public static int Run(int grids, int lookups)
    {
        var side = (int)Math.Round(Math.Sqrt(grids));
        var random = new Random(20261122);
        var corners = new Coordinate[side + 1, side + 1];
        for (var row = 0; row <= side; row++)
        for (var col = 0; col <= side; col++)
        {
            var inner = row > 0 && row < side && col > 0 && col < side;
            var jitter = inner ? 0.2 * Cell : 0;
            corners[row, col] = new Coordinate(120 + col * Cell + (random.NextDouble() - 0.5) * 2 * jitter, 30 + row * Cell + (random.NextDouble() - 0.5) * 2 * jitter);
        }

        var units = new List<OrgUnit>();
        var boundaries = new Dictionary<Guid, Geometry>();
        var city = Unit("C", "杭州市", OrgLevel.City, null);
        var district = Unit("D", "西湖区", OrgLevel.District, city);
        var street = Unit("S", "北山街道", OrgLevel.Street, district);
        for (var row = 0; row < side; row++)
        {
            var community = Unit($"M{row:D3}", $"第{row}社区", OrgLevel.Community, street);
            for (var col = 0; col < side; col++)
            {
                var grid = Unit($"G{row:D3}{col:D3}", $"第{row}社区第{col}网格", OrgLevel.Grid, community);
                var ring = new List<Coordinate>();
                Coordinate[] square = [corners[row, col], corners[row, col + 1], corners[row + 1, col + 1], corners[row + 1, col]];
                for (var i = 0; i < 4; i++)
                    ring.AddRange(Edge(square[i], square[(i + 1) % 4]));
                ring.Add(ring[0].Copy());
                boundaries[grid.Id] = GeoJsonGeometry.Factory.CreatePolygon([.. ring]);
            }
        }

        if (boundaries.Values.FirstOrDefault(b => !b.IsValid) is { } invalid)
            throw new InvalidOperationException($"A generated grid is not a valid polygon: {invalid}");
        var build = Stopwatch.StartNew();
        var index = OrgIndex.Build(units, boundaries);
        build.Stop();

        // Points over the lattice and a 5 % margin around it, so some fall outside every grid.
        var span = side * Cell;
        (double Lat, double Lng) RandomPoint() => (30 - 0.05 * span + random.NextDouble() * 1.1 * span, 120 - 0.05 * span + random.NextDouble() * 1.1 * span);
        var points = Enumerable.Range(0, lookups).Select(_ => RandomPoint()).ToArray();

        foreach (var (lat, lng) in points.Take(10_000))
            index.Locate(lat, lng);
        var indexed = new double[lookups];
        var hits = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < lookups; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var found = index.Locate(points[i].Lat, points[i].Lng);
            indexed[i] = Microseconds(start);
            if (found is not null)
                hits++;
        }
        total.Stop();

        var scanned = new double[Math.Min(1_000, lookups)];
        for (var i = 0; i < scanned.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var found = index.LocateWithoutIndex(points[i].Lat, points[i].Lng);
            scanned[i] = Microseconds(start);
            if (found?.Code != index.Locate(points[i].Lat, points[i].Lng)?.Grid?.Code)
                throw new InvalidOperationException("The indexed and brute-force lookups disagree.");
        }

        // The address fallback scans every unit name; addresses name a community and a grid of the lattice.
        var addresses = Enumerable.Range(0, Math.Min(10_000, lookups))
            .Select(_ => (Row: random.Next(side), Col: random.Next(side)))
            .Select(c => $"西湖区北山街道第{c.Row}社区第{c.Col}网格旁3号楼")
            .ToArray();
        var byAddress = new double[addresses.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var found = index.LocateByAddress(addresses[i]);
            byAddress[i] = Microseconds(start);
            if (found?.Grid is null)
                throw new InvalidOperationException($"The address '{addresses[i]}' did not locate its grid.");
        }

        var polygon = boundaries[units.First(u => u.Level == OrgLevel.Grid).Id];
        var prepared = PreparedGeometryFactory.Prepare(polygon);
        var envelope = polygon.EnvelopeInternal;
        var single = new double[lookups];
        var inPolygon = Enumerable.Range(0, lookups)
            .Select(_ => GeoJsonGeometry.Factory.CreatePoint(new Coordinate(envelope.MinX + random.NextDouble() * envelope.Width, envelope.MinY + random.NextDouble() * envelope.Height)))
            .ToArray();
        for (var i = 0; i < lookups; i++)
        {
            var start = Stopwatch.GetTimestamp();
            prepared.Covers(inPolygon[i]);
            single[i] = Microseconds(start);
        }
        var batch = Stopwatch.GetTimestamp();
        foreach (var point in inPolygon)
            prepared.Covers(point);
        var singleBatchMean = Microseconds(batch) / lookups;

        Console.WriteLine($"# Locate benchmark: {index.GridCount:N0} grids ({side}×{side} lattice, {polygon.NumPoints - 1} vertices each), " +
                          $"{lookups:N0} random lookups ({100.0 * hits / lookups:F1} % inside a grid), machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"Index build: {build.Elapsed.TotalMilliseconds:F0} ms for {index.UnitCount:N0} units.");
        Console.WriteLine();
        Console.WriteLine("| lookup | samples | p50 µs | p95 µs | p99 µs | mean µs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("STRtree + prepared polygons (`OrgIndex.Locate`)", indexed);
        Row("baseline: brute-force scan of every grid", scanned);
        Row("address fallback (`OrgIndex.LocateByAddress`)", byAddress);
        Row("baseline: one point-in-polygon test (prepared)", single);
        Console.WriteLine();
        Console.WriteLine($"Indexed throughput on one thread, timer overhead included: {lookups / total.Elapsed.TotalSeconds:N0} lookups/s. " +
                          $"One point-in-polygon test timed as a batch: {singleBatchMean * 1000:F0} ns. " +
                          $"Per-sample timer overhead: about {TimerOverhead():F2} µs.");
        return 0;

        OrgUnit Unit(string code, string name, OrgLevel level, OrgUnit? parent)
        {
            var unit = new OrgUnit { Id = Guid.NewGuid(), Code = code, Name = name, Level = level, ParentId = parent?.Id, Path = (parent?.Path ?? "/") + code + "/" };
            units.Add(unit);
            return unit;
        }
    }

    // The start and the points along an edge, bent by an offset that depends only on the (unordered) end points,
    // so the two grids sharing an edge get the same vertices.
    private static IEnumerable<Coordinate> Edge(Coordinate from, Coordinate to)
    {
        yield return from.Copy();
        var (a, b) = from.CompareTo(to) < 0 ? (from, to) : (to, from);
        var bend = 0.08 * Cell * Math.Sin(a.X * 7919 + a.Y * 104729);
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length = Math.Sqrt(dx * dx + dy * dy);
        var inner = new Coordinate[PointsPerEdge];
        for (var k = 1; k <= PointsPerEdge; k++)
        {
            var t = (double)k / (PointsPerEdge + 1);
            var offset = bend * Math.Sin(Math.PI * t);
            inner[k - 1] = new Coordinate(a.X + t * dx - offset * dy / length, a.Y + t * dy + offset * dx / length);
        }
        foreach (var point in ReferenceEquals(a, from) ? inner : inner.Reverse())
            yield return point;
    }

    private static double TimerOverhead()
    {
        var samples = new double[10_000];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = Microseconds(Stopwatch.GetTimestamp());
        return samples.Order().ElementAt(samples.Length / 2);
    }

    // Raw timestamps: TimeSpan would round to 0.1 µs.
    private static double Microseconds(long start) => (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;

    private static void Row(string name, double[] samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
        Console.WriteLine($"| {name} | {samples.Length:N0} | {At(0.50):F2} | {At(0.95):F2} | {At(0.99):F2} | {samples.Average():F2} |");
    }
}
