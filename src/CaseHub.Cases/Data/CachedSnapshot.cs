using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Data;

/// <summary>
/// An immutable value built from the database and shared by every request on this node (hold it in a singleton).
/// It is built on first use and rebuilt, never mutated, on the first use after <see cref="Invalidate"/> or once it is
/// older than the maximum age. Readers take no lock; one build runs at a time.
/// <para>
/// Call <see cref="Invalidate"/> after the data it is built from was committed: a build that started before the
/// change is then not trusted. Other nodes sharing the database see the change within the maximum age.
/// </para>
/// </summary>
public sealed class CachedSnapshot<T>(IServiceScopeFactory scopes, TimeProvider time, Func<TimeSpan> maxAge,
    Func<CaseHubDbContext, CancellationToken, Task<T>> build) where T : class
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile Built? _current;
    private long _generation;

    private sealed record Built(T Value, long Generation, DateTimeOffset BuiltAt);

    /// <summary>Marks the value stale; the next <see cref="GetAsync"/> rebuilds it.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken = default)
    {
        var built = _current;
        if (built is not null && IsCurrent(built))
            return built.Value;
        await _building.WaitAsync(cancellationToken);
        try
        {
            built = _current;
            if (built is not null && IsCurrent(built))
                return built.Value;
            // Read before building: an invalidation while the build runs leaves this value stale.
            var generation = Interlocked.Read(ref _generation);
            var builtAt = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var value = await build(scope.ServiceProvider.GetRequiredService<CaseHubDbContext>(), cancellationToken);
            _current = new Built(value, generation, builtAt);
            return value;
        }
        finally
        {
            _building.Release();
        }
    }

    private bool IsCurrent(Built built) =>
        built.Generation == Interlocked.Read(ref _generation) && time.GetUtcNow() - built.BuiltAt < maxAge();
}
