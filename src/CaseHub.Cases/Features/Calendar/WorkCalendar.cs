namespace CaseHub.Cases.Features.Calendar;

/// <summary>A span of working time within a day, in local time, e.g. 09:00–12:00.</summary>
public readonly record struct WorkingPeriod(TimeOnly Start, TimeOnly End);

/// <summary>
/// Deadline arithmetic in working time: working periods on working days, where a working day is Monday to
/// Friday unless the year's calendar says otherwise (statutory holidays, and make-up working days, 调休).
/// Instants go in and come out as UTC; the days and hours are those of <see cref="TimeZone"/>.
/// </summary>
public sealed class WorkCalendar
{
    // Far beyond any limit a case carries, yet it stops a bad input (an all-holiday calendar) from looping forever.
    private const int MaxDaysScanned = 3 * 366;

    private readonly IReadOnlyList<WorkingPeriod> _periods;
    private readonly IReadOnlyDictionary<DateOnly, CalendarDayKind> _exceptions;

    public WorkCalendar(TimeZoneInfo timeZone, IReadOnlyList<WorkingPeriod> periods, IReadOnlyDictionary<DateOnly, CalendarDayKind> exceptions)
    {
        if (periods.Count == 0)
            throw new ArgumentException("A working day needs at least one working period.", nameof(periods));
        for (var i = 0; i < periods.Count; i++)
        {
            if (periods[i].End <= periods[i].Start)
                throw new ArgumentException($"Working period {periods[i].Start:HH\\:mm}-{periods[i].End:HH\\:mm} ends before it starts.", nameof(periods));
            if (i > 0 && periods[i].Start < periods[i - 1].End)
                throw new ArgumentException("Working periods must be in order and must not overlap.", nameof(periods));
        }
        TimeZone = timeZone;
        _periods = periods;
        _exceptions = exceptions;
        WorkingDayLength = TimeSpan.FromTicks(periods.Sum(p => (p.End - p.Start).Ticks));
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>The working time in one working day, 7 hours by default. A "working day" of a limit is this much working time.</summary>
    public TimeSpan WorkingDayLength { get; }

    public bool IsWorkingDay(DateOnly day) => _exceptions.TryGetValue(day, out var kind)
        ? kind == CalendarDayKind.WorkingDay
        : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>
    /// N working days after <paramref name="start"/>: N × <see cref="WorkingDayLength"/> of working time. From 10:00
    /// on a Monday, 2 working days end at 10:00 on Wednesday; from an evening they end at closing time of the Nth working day.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, double days) => AddWorkingTime(start, days * WorkingDayLength);

    public DateTimeOffset AddWorkingHours(DateTimeOffset start, double hours) => AddWorkingTime(start, TimeSpan.FromHours(hours));

    /// <summary>For 24-hour limits, which run through nights, weekends and holidays.</summary>
    public static DateTimeOffset AddNaturalHours(DateTimeOffset start, double hours) => (start + TimeSpan.FromHours(hours)).ToUniversalTime();

    /// <summary>The instant when <paramref name="amount"/> of working time has passed since <paramref name="start"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero)
            return start.ToUniversalTime();
        var cursor = ToLocal(start);
        var remaining = amount;
        var day = DateOnly.FromDateTime(cursor);
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
                continue;
            foreach (var period in _periods)
            {
                var from = Max(day.ToDateTime(period.Start), cursor);
                var end = day.ToDateTime(period.End);
                if (from >= end)
                    continue;
                if (remaining <= end - from)
                    return ToUtc(from + remaining);
                remaining -= end - from;
            }
        }
        throw new InvalidOperationException($"The calendar has no working time in the {MaxDaysScanned} days after {start:O}.");
    }

    /// <summary>Working time between two instants; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
            return -WorkingTimeBetween(to, from);
        var start = ToLocal(from);
        var end = ToLocal(to);
        var total = TimeSpan.Zero;
        for (var day = DateOnly.FromDateTime(start); day <= DateOnly.FromDateTime(end); day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
                continue;
            foreach (var period in _periods)
            {
                var overlap = Min(day.ToDateTime(period.End), end) - Max(day.ToDateTime(period.Start), start);
                if (overlap > TimeSpan.Zero)
                    total += overlap;
            }
        }
        return total;
    }

    private DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    private DateTimeOffset ToUtc(DateTime local) => new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
