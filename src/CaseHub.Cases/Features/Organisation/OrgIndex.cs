using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace CaseHub.Cases.Features.Organisation;

/// <summary>An org unit as the locator returns it: enough to show, route and check scope without a query.</summary>
public sealed record OrgUnitRef(Guid Id, string Code, string Name, OrgLevel Level, string Path);

/// <summary>
/// Where a location falls: the grid (null when only the address located it above grid level), the unit found,
/// its jurisdiction (属地), and the chain from the unit found up to the root, nearest first, so that
/// dispatch can fall back up the tree.
/// </summary>
public sealed record OrgLocation(OrgUnitRef? Grid, OrgUnitRef Unit, OrgUnitRef Jurisdiction, IReadOnlyList<OrgUnitRef> Chain);

/// <summary>
/// An immutable snapshot of the org tree for lookups: an STRtree over the grids' prepared polygons, each unit's
/// ancestor chain, and the unit names for address matching. Build once, then share between threads; the
/// <see cref="GridLocator"/> swaps in a new snapshot when grids change.
/// </summary>
public sealed class OrgIndex
{
    private readonly STRtree<GridEntry> _grids = new();
    private readonly List<GridEntry> _entries = [];
    private readonly Dictionary<Guid, OrgUnitRef[]> _chains;
    private readonly Dictionary<string, Guid[]> _byName;
    private readonly int[] _nameLengths;

    private sealed record GridEntry(OrgUnitRef Unit, IPreparedGeometry Boundary);

    private OrgIndex(IReadOnlyCollection<OrgUnit> units, Func<OrgUnit, Geometry?> boundaryOf)
    {
        var byId = units.ToDictionary(u => u.Id);
        var refs = units.ToDictionary(u => u.Id, u => new OrgUnitRef(u.Id, u.Code, u.Name, u.Level, u.Path));
        _chains = new Dictionary<Guid, OrgUnitRef[]>(units.Count);
        foreach (var unit in units)
        {
            var chain = new List<OrgUnitRef>(6);
            for (var current = unit; current is not null && chain.Count <= units.Count;
                 current = current.ParentId is { } parent ? byId.GetValueOrDefault(parent) : null)
                chain.Add(refs[current.Id]);
            _chains[unit.Id] = [.. chain];
        }

        // Ordered by code so that a point on a boundary shared by two grids always goes to the same one.
        foreach (var unit in units.Where(u => u.Level == OrgLevel.Grid).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            if (boundaryOf(unit) is not { IsEmpty: false } boundary)
                continue;
            var prepared = PreparedGeometryFactory.Prepare(boundary);
            // Builds the prepared geometry's lazy point locator now, so lookups from many threads only read.
            prepared.Covers(boundary.Factory.CreatePoint(boundary.Coordinate));
            var entry = new GridEntry(refs[unit.Id], prepared);
            _grids.Insert(boundary.EnvelopeInternal, entry);
            _entries.Add(entry);
        }
        _grids.Build();

        // Names of one character ("区") would match almost any address.
        _byName = units.Where(u => u.Name.Length >= 2).GroupBy(u => u.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(u => u.Id).ToArray(), StringComparer.Ordinal);
        _nameLengths = [.. _byName.Keys.Select(n => n.Length).Distinct().Order()];
    }

    /// <summary>Builds a snapshot from org units whose grids carry <see cref="OrgUnit.BoundaryGeoJson"/>.</summary>
    public static OrgIndex Build(IReadOnlyCollection<OrgUnit> units) =>
        new(units, u => u.BoundaryGeoJson is { Length: > 0 } json ? GeoJsonGeometry.Read(json) : null);

    /// <summary>Builds a snapshot from units and already-parsed grid boundaries (benchmarks and tests).</summary>
    public static OrgIndex Build(IReadOnlyCollection<OrgUnit> units, IReadOnlyDictionary<Guid, Geometry> boundaries) =>
        new(units, u => boundaries.GetValueOrDefault(u.Id));

    public int GridCount => _entries.Count;

    public int UnitCount => _chains.Count;

    /// <summary>
    /// The grid whose polygon covers the point, with its jurisdiction and chain; null when no grid does.
    /// A point on the boundary between two grids goes to the one with the smaller code.
    /// </summary>
    public OrgLocation? Locate(double latitude, double longitude)
    {
        var point = GeoJsonGeometry.Factory.CreatePoint(new Coordinate(longitude, latitude));
        var found = FirstCovering(_grids.Query(point.EnvelopeInternal), point);
        return found is null ? null : LocationOf(found.Id);
    }

    /// <summary>
    /// Address fallback: the deepest unit whose name appears in the text. Among units of the same depth, the one
    /// with more of its ancestors' names also in the text wins ("北山街道幸福社区" picks the 幸福社区 under
    /// 北山街道), then the longer name. A tie between different units at the best depth is ambiguous, so the
    /// next depth up is tried. Null when no name appears.
    /// </summary>
    public OrgLocation? LocateByAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        // Every substring whose length some name has, looked up without allocating: O(text × distinct name lengths).
        var matched = new HashSet<Guid>();
        var names = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var start = 0; start < text.Length; start++)
        {
            foreach (var length in _nameLengths)
            {
                if (start + length > text.Length)
                    break;
                if (names.TryGetValue(text.AsSpan(start, length), out var ids))
                    matched.UnionWith(ids);
            }
        }
        if (matched.Count == 0)
            return null;

        var ranked = matched
            .Select(id => _chains[id])
            .Select(chain => (Unit: chain[0], Depth: (int)chain[0].Level, Support: chain.Skip(1).Count(a => matched.Contains(a.Id)), NameLength: chain[0].Name.Length))
            .GroupBy(c => (c.Depth, c.Support, c.NameLength))
            .OrderByDescending(g => g.Key.Depth).ThenByDescending(g => g.Key.Support).ThenByDescending(g => g.Key.NameLength);
        foreach (var group in ranked)
        {
            if (group.Count() == 1)
                return LocationOf(group.First().Unit.Id);
        }
        return null;
    }

    /// <summary>The unit with its jurisdiction and ancestor chain; null for an unknown id.</summary>
    public OrgLocation? LocationOf(Guid unitId)
    {
        if (!_chains.TryGetValue(unitId, out var chain))
            return null;
        var unit = chain[0];
        return new OrgLocation(unit.Level == OrgLevel.Grid ? unit : null, unit, Jurisdiction.Of(chain), chain);
    }

    /// <summary>The unit's chain, itself first and the root last; empty for an unknown id.</summary>
    public IReadOnlyList<OrgUnitRef> ChainOf(Guid unitId) => _chains.TryGetValue(unitId, out var chain) ? chain : [];

    /// <summary>Brute-force lookup without the tree: the baseline the benchmark compares with.</summary>
    public OrgUnitRef? LocateWithoutIndex(double latitude, double longitude)
    {
        var point = GeoJsonGeometry.Factory.CreatePoint(new Coordinate(longitude, latitude));
        return FirstCovering(_entries, point);
    }

    // Candidates come in tree order; the smallest code among those covering the point wins.
    private static OrgUnitRef? FirstCovering(IList<GridEntry> candidates, Point point)
    {
        OrgUnitRef? found = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var entry = candidates[i];
            if ((found is null || string.CompareOrdinal(entry.Unit.Code, found.Code) < 0) && entry.Boundary.Covers(point))
                found = entry.Unit;
        }
        return found;
    }
}

/// <summary>属地: the jurisdiction of a located case.</summary>
public static class Jurisdiction
{
    /// <summary>
    /// The street-level unit in the chain (the unit itself or an ancestor); without one, the deepest unit above
    /// grid level; for a chain of a lone grid, the grid. <paramref name="chain"/> runs from the unit up to the root.
    /// </summary>
    public static OrgUnitRef Of(IReadOnlyList<OrgUnitRef> chain)
    {
        ArgumentOutOfRangeException.ThrowIfZero(chain.Count);
        return chain.FirstOrDefault(u => u.Level == OrgLevel.Street)
            ?? chain.FirstOrDefault(u => u.Level < OrgLevel.Grid)
            ?? chain[0];
    }
}
