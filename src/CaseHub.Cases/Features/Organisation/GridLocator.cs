using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseHub.Cases.Features.Organisation;

public sealed class OrganisationOptions
{
    /// <summary>
    /// How old the in-memory grid index may grow before the next lookup reloads it from the database. Imports on
    /// this node reload it at once; this bounds how long other nodes sharing the database keep old grids.
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan LocatorMaxAge { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Point → grid → jurisdiction, and the address fallback, over an in-memory <see cref="OrgIndex"/> of the whole
/// org tree (a singleton; lookups take no lock and make no query).
/// <para>
/// The index is loaded on first use and replaced, never mutated: an import calls <see cref="Invalidate"/>, and
/// the next lookup builds a new snapshot and swaps it in. Several app nodes share one database but not this
/// memory, so another node's import reaches this node only when its snapshot is older than
/// <see cref="OrganisationOptions.LocatorMaxAge"/>. Grids change rarely (a re-drawn map), so minutes of
/// staleness on other nodes are acceptable; a case located on an old grid can still be re-dispatched.
/// </para>
/// </summary>
public sealed class GridLocator(IServiceScopeFactory scopes, TimeProvider time, IOptions<OrganisationOptions> options)
{
    private readonly CachedSnapshot<OrgIndex> _index = new(scopes, time, () => options.Value.LocatorMaxAge, LoadAsync);

    /// <summary>Marks the index stale; the next lookup reloads it. Call after any change to org units or grids.</summary>
    public void Invalidate() => _index.Invalidate();

    /// <summary>The current index, loading it first if it is missing, invalidated or older than the maximum age.</summary>
    public ValueTask<OrgIndex> GetIndexAsync(CancellationToken cancellationToken = default) => _index.GetAsync(cancellationToken);

    /// <summary>The grid covering the point, with jurisdiction and chain; null when no grid does.</summary>
    public async ValueTask<OrgLocation?> LocateAsync(double latitude, double longitude, CancellationToken cancellationToken = default) =>
        (await GetIndexAsync(cancellationToken)).Locate(latitude, longitude);

    /// <summary>The deepest org unit named in the address text; null when none is.</summary>
    public async ValueTask<OrgLocation?> LocateByAddressAsync(string? address, CancellationToken cancellationToken = default) =>
        (await GetIndexAsync(cancellationToken)).LocateByAddress(address);

    private static async Task<OrgIndex> LoadAsync(CaseHubDbContext db, CancellationToken cancellationToken) =>
        OrgIndex.Build(await db.Set<OrgUnit>().AsNoTracking().ToListAsync(cancellationToken));
}
