using System.Globalization;
using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Intake;

/// <summary>
/// Hands out tracking numbers: the local day and its serial, e.g. 2026112200001. The day's row in <c>counters</c> is the
/// source of truth. Every number taken from it is an autocommitted row update that the next must wait for, so under load
/// this node reserves a block of numbers at once and hands them out in order; when intakes come more than a second
/// apart, the block is one number again, and nothing is reserved that a restart could lose (ADR 11).
/// </summary>
public sealed class TrackingNumbers(TimeProvider time)
{
    /// <summary>The most numbers one reservation takes; a restart under full load leaves at most this many unused.</summary>
    public const int LargestBlock = 64;

    private static readonly TimeSpan Busy = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _reserving = new(1, 1);
    private string? _day;
    private long _next;
    private long _last;
    private int _block;
    private long? _reservedAt;

    /// <param name="day">The local day as yyyyMMdd.</param>
    public async Task<string> NextAsync(CaseHubDbContext db, string day, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake(day) is { } taken)
                return taken;
            await _reserving.WaitAsync(cancellationToken);
            try
            {
                // Whoever held the semaphore before may have reserved for this day already.
                if (TryTake(day) is { } meanwhile)
                    return meanwhile;
                var block = NextBlockSize();
                var last = await ReserveAsync(db, day, block, cancellationToken);
                lock (_gate)
                {
                    _day = day;
                    _next = last - block + 1;
                    _last = last;
                }
            }
            finally
            {
                _reserving.Release();
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> to the day's counter and returns the last number reserved; the block is
    /// (last − count, last]. Numbers never repeat, on any node: the update is atomic and commits at once.
    /// </summary>
    public static async Task<long> ReserveAsync(CaseHubDbContext db, string day, long count, CancellationToken cancellationToken)
    {
        var name = $"case:{day}";
        // INSERT … ON CONFLICT … RETURNING is the same on PostgreSQL and SQLite (3.35+).
        var values = await db.Database
            .SqlQuery<long>($"INSERT INTO counters (name, value) VALUES ({name}, {count}) ON CONFLICT (name) DO UPDATE SET value = counters.value + {count} RETURNING value AS \"Value\"")
            .ToListAsync(cancellationToken);
        return values.Single();
    }

    public static string Format(string day, long serial) => day + serial.ToString("D5", CultureInfo.InvariantCulture);

    private string? TryTake(string day)
    {
        lock (_gate)
            return _day == day && _next <= _last ? Format(day, _next++) : null;
    }

    private int NextBlockSize()
    {
        var busy = _reservedAt is { } at && time.GetElapsedTime(at) < Busy;
        _block = busy ? Math.Min(LargestBlock, Math.Max(1, _block) * 2) : 1;
        _reservedAt = time.GetTimestamp();
        return _block;
    }
}
