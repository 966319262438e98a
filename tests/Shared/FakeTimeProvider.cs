using System.Globalization;

namespace CaseHub.Tests;

/// <summary>
/// A clock that moves only when the test says so. Timers are not supported: creating one throws,
/// so a test never waits on real time by accident.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    /// <summary>Monday 2025-03-03 09:00 in Beijing: a working day, inside office hours.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);

    /// <summary>China Standard Time (UTC+8, no daylight saving), built in so tests do not depend on tzdata.</summary>
    public static readonly TimeZoneInfo ChinaStandardTime =
        TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");

    private readonly Lock _gate = new();
    private DateTimeOffset _utcNow;
    private TimeZoneInfo _localTimeZone = ChinaStandardTime;

    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    public FakeTimeProvider(DateTimeOffset start) => _utcNow = start.ToUniversalTime();

    /// <summary>The current instant; setting it may move the clock backwards.</summary>
    public DateTimeOffset UtcNow
    {
        get
        {
            lock (_gate)
                return _utcNow;
        }
        set
        {
            lock (_gate)
                _utcNow = value.ToUniversalTime();
        }
    }

    /// <summary>Defaults to <see cref="ChinaStandardTime"/>.</summary>
    public override TimeZoneInfo LocalTimeZone => _localTimeZone;

    public void SetLocalTimeZone(TimeZoneInfo timeZone) => _localTimeZone = timeZone ?? throw new ArgumentNullException(nameof(timeZone));

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
            _utcNow += delta;
    }

    public override DateTimeOffset GetUtcNow() => UtcNow;

    // Elapsed-time measurements follow the fake clock too.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => UtcNow.UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("FakeTimeProvider has no timers; drive time-based work by calling it directly after Advance().");

    public override string ToString() => UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
