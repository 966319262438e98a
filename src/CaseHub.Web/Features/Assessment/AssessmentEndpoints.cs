using System.Globalization;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Access;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Assessment;

public sealed record AssessmentRowDto(int? Rank, string Code, string Name, double? Score, MetricCounts Counts, AssessmentRates Rates);

public sealed record AssessmentReportDto(AssessmentDimension Dimension, OrgLevel? Level, DateOnly From, DateOnly To,
    IReadOnlyDictionary<AssessmentRate, double> Weights, IReadOnlyList<AssessmentRowDto> Rows);

/// <summary><c>MinimumDispatched</c>: units with fewer cases dispatched in the period are on neither list (<c>Assessment:MinimumDispatched</c>).</summary>
public sealed record AssessmentRankingDto(AssessmentDimension Dimension, OrgLevel? Level, DateOnly From, DateOnly To, int Top,
    IReadOnlyList<AssessmentRowDto> HonourRoll, IReadOnlyList<AssessmentRowDto> Blacklist, int MinimumDispatched);

public sealed record AssessmentTrendDto(DateOnly From, DateOnly To, IReadOnlyList<DayCounts> Days);

public sealed record SpikeAlertDto(Guid Id, DateOnly Day, string ItemCode, string ItemName, string AreaCode, string AreaName,
    int Count, double Mean, double StdDev, double Threshold, DateTimeOffset RaisedAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt);

/// <summary>考核: rates, composite scores and rankings per department, org unit or grid; and spike alerts. Supervisors, system admins and auditors (read only).</summary>
public static class AssessmentEndpoints
{
    private const int MaxTop = 100;
    private const int MaxAlerts = 1000;

    public static RouteGroupBuilder MapAssessment(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/assessment").WithTags("Assessment");
        group.MapGet("/metrics", Metrics).WithName("GetAssessmentMetrics")
            .WithSummary("Counts, rates and composite score per unit: dimension=department|orgUnit|grid (orgUnit with level=City|District|Street|Community), from and to as local dates yyyy-MM-dd, inclusive.");
        group.MapGet("/ranking", Ranking).WithName("GetAssessmentRanking")
            .WithSummary("The honour roll (红榜, best top) and blacklist (黑榜, worst top, worst first) by composite score, for the same parameters as metrics.");
        group.MapGet("/trend", Trend).WithName("GetAssessmentTrend")
            .WithSummary("Per local day from `from` to `to` (yyyy-MM-dd, inclusive), the counts of every grid the user may see: the board's trend line in one call.");
        group.MapGet("/export", Export).WithName("ExportAssessment")
            .WithSummary("The metrics as CSV for Excel (UTF-8 with BOM, Chinese headers, rates in percent).");
        group.MapGet("/alerts", Alerts).WithName("ListSpikeAlerts")
            .WithSummary("Spike alerts, newest day first; acknowledged=true|false filters, from and to bound the day.");
        group.MapPost("/alerts/{id:guid}/acknowledge", Acknowledge).WithName("AcknowledgeSpikeAlert")
            .WithSummary("Records who acknowledged the alert and when. Idempotent: the first acknowledgement stands, later ones return it unchanged.");
        group.MapPost("/alerts/detect", Detect).WithName("DetectSpikes")
            .WithSummary("Runs the spike pass for one local day (day=yyyy-MM-dd, not in the future) and returns that day's alerts; re-running raises nothing twice.");
        return api;
    }

    private static async Task<Results<Ok<AssessmentReportDto>, ProblemHttpResult>> Metrics(
        string? dimension, string? level, string? from, string? to, HttpContext http, CaseHubDbContext db, AssessmentReport report,
        MetricFold fold, AssessmentOptions options, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(http, ReadRoles) is not { } scope)
            return Forbidden();
        var query = ParseQuery(dimension, level, from, to, top: null, options).Query;
        await fold.FoldPendingAsync(cancellationToken); // answer with everything recorded so far, not as of the last fold
        var rows = await report.RowsAsync(query, scope, cancellationToken);
        return TypedResults.Ok(new AssessmentReportDto(query.Dimension, query.Level, query.From, query.To, options.Weights, [.. rows.Select(ToDto)]));
    }

    private static async Task<Results<Ok<AssessmentRankingDto>, ProblemHttpResult>> Ranking(
        string? dimension, string? level, string? from, string? to, string? top, HttpContext http, CaseHubDbContext db, AssessmentReport report,
        MetricFold fold, AssessmentOptions options, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(http, ReadRoles) is not { } scope)
            return Forbidden();
        var (query, n) = ParseQuery(dimension, level, from, to, top, options);
        await fold.FoldPendingAsync(cancellationToken);
        var ranking = AssessmentReport.Rank(await report.RowsAsync(query, scope, cancellationToken), n);
        return TypedResults.Ok(new AssessmentRankingDto(query.Dimension, query.Level, query.From, query.To, n,
            [.. ranking.HonourRoll.Select(ToDto)], [.. ranking.Blacklist.Select(ToDto)], options.MinimumDispatched));
    }

    private static async Task<Results<Ok<AssessmentTrendDto>, ProblemHttpResult>> Trend(
        string? from, string? to, HttpContext http, AssessmentReport report, MetricFold fold, AssessmentOptions options, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(http, ReadRoles) is not { } scope)
            return Forbidden();
        var errors = new Dictionary<string, string[]>();
        var (first, last) = ParsePeriod(from, to, options, errors);
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        await fold.FoldPendingAsync(cancellationToken);
        return TypedResults.Ok(new AssessmentTrendDto(first!.Value, last!.Value, await report.TrendAsync(first.Value, last.Value, scope, cancellationToken)));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        string? dimension, string? level, string? from, string? to, HttpContext http, CaseHubDbContext db, AssessmentReport report,
        MetricFold fold, AssessmentOptions options, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(http, ReadRoles) is not { } scope)
            return Forbidden();
        var query = ParseQuery(dimension, level, from, to, top: null, options).Query;
        await fold.FoldPendingAsync(cancellationToken);
        var rows = await report.RowsAsync(query, scope, cancellationToken);
        var name = $"assessment-{query.Dimension.ToString().ToLowerInvariant()}-{query.From:yyyyMMdd}-{query.To:yyyyMMdd}.csv";
        return TypedResults.File(AssessmentCsv.Write(rows), "text/csv; charset=utf-8", name);
    }

    private static async Task<Results<Ok<List<SpikeAlertDto>>, ProblemHttpResult>> Alerts(
        string? acknowledged, string? from, string? to, HttpContext http, CaseHubDbContext db, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(http, ReadRoles) is not { } scope)
            return Forbidden();
        var errors = new Dictionary<string, string[]>();
        bool? isAcknowledged = acknowledged?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "true" => true,
            "false" => false,
            _ => Error(errors, "acknowledged", Bilingual.Text("acknowledged 只能是 true 或 false。", "acknowledged is true or false."), (bool?)null),
        };
        var firstDay = from is null ? null : ParseDay(from, "from", errors);
        var lastDay = to is null ? null : ParseDay(to, "to", errors);
        if (firstDay > lastDay)
            errors["to"] = [Bilingual.Text("结束日期早于开始日期。", "The period ends before it starts.")];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return TypedResults.Ok(await ListAlertsAsync(db, scope, isAcknowledged, firstDay, lastDay, null, cancellationToken));
    }

    private static async Task<Results<Ok<SpikeAlertDto>, NotFound, ProblemHttpResult>> Acknowledge(
        Guid id, HttpContext http, CaseHubDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(http, ActRoles) is not { } scope)
            return Forbidden();
        var visible = await ListAlertsAsync(db, scope, null, null, null, id, cancellationToken);
        if (visible.Count == 0)
            return TypedResults.NotFound();
        var (user, now) = (http.User.Name(), time.GetUtcNow());
        // Conditional, so that of two concurrent acknowledgements exactly one writes and both see the same result.
        await db.Set<SpikeAlert>().Where(a => a.Id == id && a.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.AcknowledgedBy, user)
                .SetProperty(a => a.AcknowledgedAt, now)
                .SetProperty(a => a.RowVersion, a => a.RowVersion + 1), cancellationToken);
        return TypedResults.Ok((await ListAlertsAsync(db, scope, null, null, null, id, cancellationToken)).Single());
    }

    private static async Task<Results<Ok<List<SpikeAlertDto>>, ProblemHttpResult>> Detect(
        string? day, HttpContext http, CaseHubDbContext db, SpikeDetection detection, IntakeOptions intake, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(http, ActRoles) is not { } scope)
            return Forbidden();
        var errors = new Dictionary<string, string[]>();
        var parsed = ParseDay(day, "day", errors);
        if (parsed > LocalDays.DayOf(time.GetUtcNow(), intake.LocalTimeZone()))
            errors["day"] = [Bilingual.Text("不能选择未来的日期。", "The day is in the future.")];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        await detection.DetectAsync(parsed!.Value, cancellationToken);
        return TypedResults.Ok(await ListAlertsAsync(db, scope, null, parsed, parsed, null, cancellationToken));
    }

    private static async Task<List<SpikeAlertDto>> ListAlertsAsync(CaseHubDbContext db, StaffScope scope, bool? acknowledged,
        DateOnly? from, DateOnly? to, Guid? id, CancellationToken cancellationToken)
    {
        var alerts = db.Set<SpikeAlert>().AsNoTracking();
        if (id is { } one)
            alerts = alerts.Where(a => a.Id == one);
        if (acknowledged is { } ack)
            alerts = ack ? alerts.Where(a => a.AcknowledgedAt != null) : alerts.Where(a => a.AcknowledgedAt == null);
        if (from is { } first)
            alerts = alerts.Where(a => a.Day >= first);
        if (to is { } last)
            alerts = alerts.Where(a => a.Day <= last);
        var rows = await (
            from a in alerts
            join i in db.Set<Item>() on a.ItemId equals i.Id
            join u in db.Set<OrgUnit>() on a.AreaId equals u.Id
            orderby a.Day descending, a.Count descending
            select new { Alert = a, ItemCode = i.Code, ItemName = i.NameZh, AreaCode = u.Code, AreaName = u.Name, u.Path })
            .ToListAsync(cancellationToken);
        // Alerts are a handful a day, so the jurisdiction check runs here rather than as SQL.
        return
        [
            .. rows.Where(r => scope.CanSee(r.Path, null)).Take(MaxAlerts).Select(r => new SpikeAlertDto(
                r.Alert.Id, r.Alert.Day, r.ItemCode, r.ItemName, r.AreaCode, r.AreaName, r.Alert.Count,
                Math.Round(r.Alert.Mean, 2), Math.Round(r.Alert.StdDev, 2), Math.Round(r.Alert.Threshold, 2),
                r.Alert.RaisedAt, r.Alert.AcknowledgedBy, r.Alert.AcknowledgedAt)),
        ];
    }

    private static readonly StaffRole[] ReadRoles = [StaffRole.Supervisor, StaffRole.SystemAdmin, StaffRole.Auditor];
    private static readonly StaffRole[] ActRoles = [StaffRole.Supervisor, StaffRole.SystemAdmin];

    /// <summary>The signed-in user's scope if they have one of <paramref name="roles"/>; else null. Users without a staff record get 403.</summary>
    private static async Task<StaffScope?> ScopeAsync(HttpContext http, StaffRole[] roles)
    {
        var access = await http.StaffAsync();
        return access.HasAny(roles) ? access.Scope : null;
    }

    private static ProblemHttpResult Forbidden() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Bilingual.Text("无权访问", "Forbidden"),
        detail: Bilingual.Text("考核仅供督办员和系统管理员使用（审计员可查看）。", "Assessment is for supervisors and system admins (auditors may read it)."));

    private static AssessmentRowDto ToDto(AssessmentRow row) => new(row.Rank, row.Code, row.Name, row.Score, row.Counts, Round(row.Rates));

    private static AssessmentRates Round(AssessmentRates r)
    {
        static double? R(double? v) => v is { } x ? Math.Round(x, 4) : null;
        return new(R(r.Response), R(r.ImmediateDispatch), R(r.OnTimeCompletion), R(r.Completion), R(r.Resolution),
            R(r.Satisfaction), R(r.Callback), R(r.Return), R(r.Reopen));
    }

    /// <summary>Checks every parameter and throws one 400 listing each bad field.</summary>
    private static (AssessmentQuery Query, int Top) ParseQuery(string? dimension, string? level, string? from, string? to, string? top, AssessmentOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        AssessmentDimension? parsedDimension = dimension?.Trim().ToLowerInvariant() switch
        {
            "department" => AssessmentDimension.Department,
            "orgunit" => AssessmentDimension.OrgUnit,
            "grid" => AssessmentDimension.Grid,
            null or "" => Error(errors, "dimension", Bilingual.Text("请指定维度：department、orgUnit 或 grid。", "The dimension is required: department, orgUnit or grid."), (AssessmentDimension?)null),
            _ => Error(errors, "dimension", Bilingual.Text($"未知的维度“{dimension}”，应为 department、orgUnit 或 grid。", $"Unknown dimension '{dimension}'; it is department, orgUnit or grid."), (AssessmentDimension?)null),
        };
        OrgLevel? parsedLevel = null;
        if (parsedDimension == AssessmentDimension.OrgUnit)
        {
            parsedLevel = level?.Trim().ToLowerInvariant() switch
            {
                null or "" or "street" => OrgLevel.Street,
                "city" => OrgLevel.City,
                "district" => OrgLevel.District,
                "community" => OrgLevel.Community,
                "grid" => Error(errors, "level", Bilingual.Text("网格请使用 dimension=grid。", "For grids use dimension=grid."), (OrgLevel?)null),
                _ => Error(errors, "level", Bilingual.Text($"未知的层级“{level}”，应为 City、District、Street 或 Community。", $"Unknown level '{level}'; it is City, District, Street or Community."), (OrgLevel?)null),
            };
        }
        else if (!string.IsNullOrWhiteSpace(level) && parsedDimension is not null)
        {
            errors["level"] = [Bilingual.Text("level 仅适用于 dimension=orgUnit。", "level applies to dimension=orgUnit only.")];
        }

        var (first, last) = ParsePeriod(from, to, options, errors);

        var n = 10;
        if (!string.IsNullOrWhiteSpace(top) && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > MaxTop))
            errors["top"] = [Bilingual.Text($"top 应为 1 到 {MaxTop} 之间的整数。", $"top is a whole number from 1 to {MaxTop}.")];

        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return (new AssessmentQuery(parsedDimension!.Value, parsedLevel, first!.Value, last!.Value), n);
    }

    /// <summary>The inclusive local dates from and to, each required, in order and at most the configured length apart.</summary>
    private static (DateOnly? First, DateOnly? Last) ParsePeriod(string? from, string? to, AssessmentOptions options, Dictionary<string, string[]> errors)
    {
        var first = ParseDay(from, "from", errors);
        var last = ParseDay(to, "to", errors);
        if (first is { } f && last is { } l)
        {
            if (l < f)
                errors["to"] = [Bilingual.Text("结束日期早于开始日期。", "The period ends before it starts.")];
            else if (l.DayNumber - f.DayNumber + 1 > options.MaxPeriodDays)
                errors["to"] = [Bilingual.Text($"时间范围为 {l.DayNumber - f.DayNumber + 1} 天，最多 {options.MaxPeriodDays} 天。", $"The period is {l.DayNumber - f.DayNumber + 1} days; at most {options.MaxPeriodDays}.")];
        }
        return (first, last);
    }

    private static DateOnly? ParseDay(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return Error(errors, field, Bilingual.Text($"{field} 为必填项，格式为 yyyy-MM-dd。", $"{field} is required, as a date yyyy-MM-dd."), (DateOnly?)null);
        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : Error(errors, field, Bilingual.Text($"“{value}”不是 yyyy-MM-dd 格式的日期。", $"'{value}' is not a date yyyy-MM-dd."), (DateOnly?)null);
    }

    private static T Error<T>(Dictionary<string, string[]> errors, string field, string message, T fallback)
    {
        errors[field] = [message];
        return fallback;
    }
}
