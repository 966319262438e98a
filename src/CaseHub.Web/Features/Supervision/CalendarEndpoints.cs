using CaseHub.Web.Features.Access;
using System.Globalization;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Calendar;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Supervision;

public sealed record CalendarDayDto(DateOnly Date, string Kind, string Name, long RowVersion);
public sealed record CalendarYearDto(int Year, string TimeZone, IReadOnlyList<string> WorkingHours, int WorkingDays, IReadOnlyList<CalendarDayDto> Days);
public sealed record CalendarDayRequest(CalendarDayKind? Kind, string? Name, long? RowVersion);
public sealed record DeadlineCalculation(DateTimeOffset From, DateTimeOffset DueAt, double WorkingMinutes);

/// <summary>The working calendar: each year's holidays and make-up working days (admins edit them), and a deadline calculator.</summary>
public static class CalendarEndpoints
{
    public static RouteGroupBuilder MapCalendar(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calendar").WithTags("Calendar");
        group.MapGet("/{year:int}", Year).WithSummary("A year's holidays and make-up working days, its working hours and its number of working days.");
        group.MapPut("/days/{date}", PutDay).RequireAuthorization(Policies.Administer).WithSummary("Sets a day as Holiday or WorkingDay (`{kind, name, rowVersion?}`); 409 if rowVersion is stale.");
        group.MapDelete("/days/{date}", DeleteDay).RequireAuthorization(Policies.Administer).WithSummary("Makes a day ordinary again (Monday–Friday working, weekends off).");
        group.MapGet("/deadline", Calculate).WithSummary("When a limit starting `from` ends: `workingDays`, `workingHours` or `naturalHours`.");
        return api;
    }

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidRequestException("date", Bilingual.Text($"“{text}”不是 yyyy-MM-dd 格式的日期。", $"'{text}' is not a date of the form yyyy-MM-dd."));

    private static async Task<Ok<CalendarYearDto>> Year(int year, CaseHubDbContext db, CalendarOptions options, WorkCalendarProvider calendars, CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 2100)
            throw new InvalidRequestException("year", Bilingual.Text("取值范围为 2000 到 2100。", "Between 2000 and 2100."));
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var days = await db.Set<CalendarDay>().AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date)
            .Select(d => new CalendarDayDto(d.Date, d.Kind.ToString(), d.Name, d.RowVersion)).ToListAsync(cancellationToken);
        var calendar = await calendars.GetAsync(cancellationToken);
        var workingDays = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
            workingDays += calendar.IsWorkingDay(day) ? 1 : 0;
        var hours = options.ParseWorkingHours().Select(p => $"{p.Start:HH\\:mm}-{p.End:HH\\:mm}").ToList();
        return TypedResults.Ok(new CalendarYearDto(year, options.TimeZone, hours, workingDays, days));
    }

    private static async Task<Ok<CalendarDayDto>> PutDay(string date, HttpRequest request, CaseHubDbContext db, WorkCalendarProvider calendars, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var day = ParseDate(date);
        var body = await RequestBody.ReadJsonAsync<CalendarDayRequest>(request, json.Value.SerializerOptions, cancellationToken);
        if (body.Kind is not { } kind || !Enum.IsDefined(kind))
            throw new InvalidRequestException("kind", Bilingual.Text("应为 Holiday（节假日）或 WorkingDay（调休上班日）。", "Holiday or WorkingDay."));
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 50)
            throw new InvalidRequestException("name", Bilingual.Text("请填写这一天的名称（最多 50 字），如“国庆节”或“国庆节调休上班”。", "Name the day (at most 50 characters), e.g. 国庆节 or 国庆节调休上班."));
        var existing = await db.Set<CalendarDay>().FirstOrDefaultAsync(d => d.Date == day, cancellationToken);
        if (existing is null)
        {
            existing = new CalendarDay { Date = day, Kind = kind, Name = body.Name.Trim() };
            db.Add(existing);
        }
        else
        {
            if (body.RowVersion is { } version && version != existing.RowVersion)
                throw new ConflictException(Bilingual.Text($"{date} 已被他人修改，请重新加载后再试。", $"{date} was changed by someone else; reload it and try again."));
            existing.Kind = kind;
            existing.Name = body.Name.Trim();
        }
        await db.SaveChangesAsync(cancellationToken);
        calendars.Invalidate();
        return TypedResults.Ok(new CalendarDayDto(existing.Date, existing.Kind.ToString(), existing.Name, existing.RowVersion));
    }

    private static async Task<NoContent> DeleteDay(string date, CaseHubDbContext db, WorkCalendarProvider calendars, CancellationToken cancellationToken)
    {
        var day = ParseDate(date);
        var existing = await db.Set<CalendarDay>().FirstOrDefaultAsync(d => d.Date == day, cancellationToken) ?? throw new NotFoundException("Calendar day", date);
        db.Remove(existing);
        await db.SaveChangesAsync(cancellationToken);
        calendars.Invalidate();
        return TypedResults.NoContent();
    }

    private static async Task<Ok<DeadlineCalculation>> Calculate(DateTimeOffset? from, double? workingDays, double? workingHours, double? naturalHours,
        WorkCalendarProvider calendars, CancellationToken cancellationToken)
    {
        if (from is not { } start)
            throw new InvalidRequestException("from", Bilingual.Text("请填写开始时间，如 2026-09-30T10:00:00+08:00。", "Give the start, e.g. 2026-09-30T10:00:00+08:00."));
        var given = new[] { workingDays, workingHours, naturalHours }.Count(v => v is not null);
        if (given != 1)
            throw new InvalidRequestException("workingDays", Bilingual.Text("workingDays、workingHours 和 naturalHours 须且只能填写其中一个。", "Give exactly one of workingDays, workingHours and naturalHours."));
        if ((workingDays ?? workingHours ?? naturalHours) is < 0 or > 3650)
            throw new InvalidRequestException(workingDays is not null ? "workingDays" : workingHours is not null ? "workingHours" : "naturalHours", Bilingual.Text("取值范围为 0 到 3650。", "Between 0 and 3,650."));
        var calendar = await calendars.GetAsync(cancellationToken);
        var due = workingDays is { } d ? calendar.AddWorkingDays(start, d)
            : workingHours is { } h ? calendar.AddWorkingHours(start, h)
            : WorkCalendar.AddNaturalHours(start, naturalHours!.Value);
        return TypedResults.Ok(new DeadlineCalculation(start, due, calendar.WorkingTimeBetween(start, due).TotalMinutes));
    }
}
