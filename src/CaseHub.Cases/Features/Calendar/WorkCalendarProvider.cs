using System.Globalization;
using CaseHub.Cases.Data;
using CaseHub.Workflows.Activities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Calendar;

public sealed class CalendarOptions
{
    /// <summary>The time zone of working hours and calendar days. Default Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Working periods of a working day as "HH:mm-HH:mm", in order. Default 09:00-12:00 and 13:30-17:30.</summary>
    public List<string> WorkingHours { get; set; } = [];

    /// <summary>How long another node's calendar edits may take to reach this node. Default 5 minutes.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public static readonly string[] DefaultWorkingHours = ["09:00-12:00", "13:30-17:30"];

    public IReadOnlyList<WorkingPeriod> ParseWorkingHours() =>
        [.. (WorkingHours.Count == 0 ? DefaultWorkingHours : [.. WorkingHours]).Select(ParsePeriod)];

    private static WorkingPeriod ParsePeriod(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            return new WorkingPeriod(start, end);
        throw new InvalidOperationException($"Calendar:WorkingHours entry '{text}' is not of the form HH:mm-HH:mm.");
    }

    public TimeZoneInfo LocalTimeZone() => TimeZones.Find(TimeZone);
}

public static class TimeZones
{
    /// <summary>The zone <paramref name="id"/>; on machines without tzdata, UTC+8 (China has had no daylight saving since 1991).</summary>
    public static TimeZoneInfo Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, id);
        }
    }
}

/// <summary>
/// The working calendar from the options and the <see cref="CalendarDay"/> table, loaded once and kept until
/// an edit on this node invalidates it or <see cref="CalendarOptions.RefreshInterval"/> passes.
/// </summary>
public sealed class WorkCalendarProvider(IServiceScopeFactory scopes, CalendarOptions options, TimeProvider time)
{
    private readonly IReadOnlyList<WorkingPeriod> _periods = options.ParseWorkingHours();
    private readonly TimeZoneInfo _zone = options.LocalTimeZone();
    private (WorkCalendar Calendar, DateTimeOffset LoadedAt)? _current;

    public async Task<WorkCalendar> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } current && time.GetUtcNow() - current.LoadedAt < options.RefreshInterval)
            return current.Calendar;
        await using var scope = scopes.CreateAsyncScope();
        var days = await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Set<CalendarDay>().AsNoTracking()
            .ToDictionaryAsync(d => d.Date, d => d.Kind, cancellationToken);
        var calendar = new WorkCalendar(_zone, _periods, days);
        _current = (calendar, time.GetUtcNow());
        return calendar;
    }

    public void Invalidate() => _current = null;
}

/// <summary>Workflow durations in working time, counted on the centre's calendar (holidays and make-up days included).</summary>
public sealed class CalendarWorkingTime(WorkCalendarProvider calendars) : IWorkingTime
{
    public async ValueTask<DateTimeOffset> AddAsync(DateTimeOffset from, WorkflowDuration duration, CancellationToken cancellationToken = default) => duration.Unit switch
    {
        DurationUnit.WorkingDays => (await calendars.GetAsync(cancellationToken)).AddWorkingDays(from, duration.Amount),
        DurationUnit.WorkingHours => (await calendars.GetAsync(cancellationToken)).AddWorkingHours(from, duration.Amount),
        _ => from + TimeSpan.FromMinutes(duration.Amount),
    };
}
