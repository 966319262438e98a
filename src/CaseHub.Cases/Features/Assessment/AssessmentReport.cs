using System.Linq.Expressions;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Assessment;

/// <summary>What the rows of an assessment are: departments, org units at one level, or grids.</summary>
public enum AssessmentDimension
{
    Department = 1,
    OrgUnit = 2,
    Grid = 3,
}

/// <summary>Which units, over which local days (both inclusive). <see cref="Level"/> is set for the org-unit dimension only.</summary>
public sealed record AssessmentQuery(AssessmentDimension Dimension, OrgLevel? Level, DateOnly From, DateOnly To);

/// <summary>The summed counts of every <see cref="CaseMetric"/> over a period.</summary>
public sealed record MetricCounts(
    int Dispatched, int DispatchedInTime, int AcceptedInTime, int Completed, int CompletedOnTime, int Returned, int Reopened,
    int CallbackAnswered, int Resolved, int Satisfied, int PartlySatisfied, int BlueCard, int YellowCard, int RedCard)
{
    public static readonly MetricCounts Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static MetricCounts operator +(MetricCounts a, MetricCounts b) => new(
        a.Dispatched + b.Dispatched, a.DispatchedInTime + b.DispatchedInTime, a.AcceptedInTime + b.AcceptedInTime,
        a.Completed + b.Completed, a.CompletedOnTime + b.CompletedOnTime, a.Returned + b.Returned, a.Reopened + b.Reopened,
        a.CallbackAnswered + b.CallbackAnswered, a.Resolved + b.Resolved, a.Satisfied + b.Satisfied, a.PartlySatisfied + b.PartlySatisfied,
        a.BlueCard + b.BlueCard, a.YellowCard + b.YellowCard, a.RedCard + b.RedCard);
}

/// <summary>Each rate as a fraction 0..1, or null when its denominator is zero (nothing to judge).</summary>
public sealed record AssessmentRates(
    double? Response, double? ImmediateDispatch, double? OnTimeCompletion, double? Completion, double? Resolution,
    double? Satisfaction, double? Callback, double? Return, double? Reopen)
{
    public static AssessmentRates From(MetricCounts c, double partialSatisfactionWeight) => new(
        Ratio(c.AcceptedInTime, c.Dispatched),
        Ratio(c.DispatchedInTime, c.Dispatched),
        Ratio(c.CompletedOnTime, c.Completed),
        Ratio(c.Completed, c.Dispatched),
        Ratio(c.Resolved, c.CallbackAnswered),
        Ratio(c.Satisfied + c.PartlySatisfied * partialSatisfactionWeight, c.CallbackAnswered),
        Ratio(c.CallbackAnswered, c.Completed),
        Ratio(c.Returned, c.Dispatched),
        Ratio(c.Reopened, c.Completed));

    public double? Of(AssessmentRate rate) => rate switch
    {
        AssessmentRate.Response => Response,
        AssessmentRate.ImmediateDispatch => ImmediateDispatch,
        AssessmentRate.OnTimeCompletion => OnTimeCompletion,
        AssessmentRate.Completion => Completion,
        AssessmentRate.Resolution => Resolution,
        AssessmentRate.Satisfaction => Satisfaction,
        AssessmentRate.Callback => Callback,
        AssessmentRate.Return => Return,
        AssessmentRate.Reopen => Reopen,
        _ => throw new ArgumentOutOfRangeException(nameof(rate), rate, null),
    };

    private static double? Ratio(double numerator, int denominator) => denominator == 0 ? null : numerator / denominator;
}

/// <summary>One unit's line: counts, rates, composite score (0–100, null when none of the weighted rates has data) and rank (null without a score).</summary>
public sealed record AssessmentRow(Guid Id, string Code, string Name, MetricCounts Counts, AssessmentRates Rates, double? Score, int? Rank);

/// <summary>The top and bottom of a ranking (红榜 / 黑榜). No unit is on both; the blacklist lists the worst first.</summary>
public sealed record AssessmentRanking(IReadOnlyList<AssessmentRow> HonourRoll, IReadOnlyList<AssessmentRow> Blacklist);

/// <summary>
/// Assessment (考核) from the daily rollups: sums per unit over a period, the rates, the weighted composite and the rank.
/// Every query reads rollup rows for the period's days only (days × units), never the cases.
/// </summary>
/// <summary>One local day's counts.</summary>
public sealed record DayCounts(DateOnly Day, MetricCounts Counts);

public sealed class AssessmentReport(CaseHubDbContext db, AssessmentOptions options)
{
    /// <summary>
    /// The units with any counted fact in the period that <paramref name="scope"/> may see: ranked best score first, then
    /// the scored units under <see cref="AssessmentOptions.MinimumDispatched"/> (no rank), then the unscored by code.
    /// </summary>
    public async Task<IReadOnlyList<AssessmentRow>> RowsAsync(AssessmentQuery query, StaffScope scope, CancellationToken cancellationToken)
    {
        var units = query.Dimension switch
        {
            AssessmentDimension.Department => await DepartmentsAsync(query, scope, cancellationToken),
            AssessmentDimension.Grid => await GridsAsync(query, scope, cancellationToken),
            AssessmentDimension.OrgUnit => await OrgUnitsAsync(query, scope, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Dimension, null),
        };
        var scored = units
            .Select(u =>
            {
                var rates = AssessmentRates.From(u.Counts, options.PartialSatisfactionWeight);
                var score = Composite(rates, options.Weights);
                return (Unit: u, Rates: rates, Score: score, Ranked: score is not null && u.Counts.Dispatched >= options.MinimumDispatched);
            })
            // Ranked units first, then those under the minimum volume, then the unscored. Among equal scores the busier
            // unit first: a perfect month on 200 cases says more than one on a single case.
            .OrderByDescending(s => s.Ranked).ThenByDescending(s => s.Score.HasValue).ThenByDescending(s => s.Score)
            .ThenByDescending(s => s.Unit.Counts.Dispatched).ThenBy(s => s.Unit.Code, StringComparer.Ordinal)
            .ToList();
        var rows = new List<AssessmentRow>(scored.Count);
        for (var i = 0; i < scored.Count; i++)
        {
            var (unit, rates, score, ranked) = scored[i];
            // Competition ranking: equal scores share a rank, and the next rank skips (1, 2, 2, 4).
            var rank = !ranked ? null : i > 0 && rows[i - 1].Score == score ? rows[i - 1].Rank : i + 1;
            rows.Add(new AssessmentRow(unit.Id, unit.Code, unit.Name, unit.Counts, rates, score, rank));
        }
        return rows;
    }

    /// <summary>The best <paramref name="top"/> and, from the rest, the worst <paramref name="top"/> of the scored rows.</summary>
    public static AssessmentRanking Rank(IReadOnlyList<AssessmentRow> rows, int top)
    {
        var ranked = rows.Where(r => r.Rank is not null).ToList(); // already best first
        var honour = ranked.Take(top).ToList();
        // Worst first, and among equal scores again the busier unit first: the same score on more cases is the larger failure.
        var blacklist = ranked.Skip(honour.Count).OrderBy(r => r.Score).ThenByDescending(r => r.Counts.Dispatched)
            .ThenBy(r => r.Code, StringComparer.Ordinal).Take(top).ToList();
        return new AssessmentRanking(honour, blacklist);
    }

    /// <summary>
    /// 100 × the weighted mean of the weighted rates that have data: a rate with no denominator drops out and the
    /// others' weights are renormalised. Return and reopen count as 1 − rate; rates are capped at 1 (completions can
    /// outnumber the period's dispatches).
    /// </summary>
    public static double? Composite(AssessmentRates rates, IReadOnlyDictionary<AssessmentRate, double> weights)
    {
        double sum = 0, weightSum = 0;
        foreach (var (rate, weight) in weights)
        {
            if (weight <= 0 || rates.Of(rate) is not { } value)
                continue;
            value = Math.Clamp(value, 0, 1);
            sum += weight * (rate is AssessmentRate.Return or AssessmentRate.Reopen ? 1 - value : value);
            weightSum += weight;
        }
        return weightSum == 0 ? null : Math.Round(100 * sum / weightSum, 2);
    }

    /// <summary>Per local day from <paramref name="from"/> to <paramref name="to"/>, the counts of the grids <paramref name="scope"/> may see (zero on days without any).</summary>
    public async Task<IReadOnlyList<DayCounts>> TrendAsync(DateOnly from, DateOnly to, StaffScope scope, CancellationToken cancellationToken)
    {
        var rollup = db.Set<GridDailyMetrics>().AsQueryable();
        if (!scope.SeesAll)
        {
            var grids = (await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Level == OrgLevel.Grid).Select(u => new { u.Id, u.Path }).ToListAsync(cancellationToken))
                .Where(g => scope.CanSee(g.Path, null)).Select(g => g.Id).ToList();
            rollup = rollup.Where(r => grids.Contains(r.GridId));
        }
        var sums = await SumAsync(rollup, r => r.Day, from, to, cancellationToken);
        return [.. Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).Select(day => new DayCounts(day, sums.GetValueOrDefault(day, MetricCounts.Zero)))];
    }

    private sealed record UnitCounts(Guid Id, string Code, string Name, MetricCounts Counts);

    private sealed record Summed<TKey>(TKey Key, MetricCounts Counts);

    private async Task<List<UnitCounts>> DepartmentsAsync(AssessmentQuery query, StaffScope scope, CancellationToken cancellationToken)
    {
        var sums = await SumAsync(db.Set<DepartmentDailyMetrics>(), r => r.DepartmentId, query.From, query.To, cancellationToken);
        var ids = sums.Keys.ToList();
        var departments = await (
            from d in db.Set<Department>().AsNoTracking().Where(d => ids.Contains(d.Id))
            join u in db.Set<OrgUnit>() on d.OrgUnitId equals u.Id
            select new { d.Id, d.Code, d.Name, u.Path })
            .ToListAsync(cancellationToken);
        return [.. departments.Where(d => scope.CanSee(d.Path, d.Id)).Select(d => new UnitCounts(d.Id, d.Code, d.Name, sums[d.Id]))];
    }

    private async Task<List<UnitCounts>> GridsAsync(AssessmentQuery query, StaffScope scope, CancellationToken cancellationToken)
    {
        var sums = await SumAsync(db.Set<GridDailyMetrics>(), r => r.GridId, query.From, query.To, cancellationToken);
        var ids = sums.Keys.ToList();
        var grids = await db.Set<OrgUnit>().AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Code, u.Name, u.Path }).ToListAsync(cancellationToken);
        return [.. grids.Where(g => scope.CanSee(g.Path, null)).Select(g => new UnitCounts(g.Id, g.Code, g.Name, sums[g.Id]))];
    }

    /// <summary>Each unit at the level adds up the grids in its subtree; grids with no ancestor at that level are left out.</summary>
    private async Task<List<UnitCounts>> OrgUnitsAsync(AssessmentQuery query, StaffScope scope, CancellationToken cancellationToken)
    {
        var sums = await SumAsync(db.Set<GridDailyMetrics>(), r => r.GridId, query.From, query.To, cancellationToken);
        var ids = sums.Keys.ToList();
        var gridPaths = await db.Set<OrgUnit>().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Path }).ToListAsync(cancellationToken);
        var level = query.Level ?? OrgLevel.Street;
        var units = (await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Level == level)
            .Select(u => new { u.Id, u.Code, u.Name, u.Path }).ToListAsync(cancellationToken))
            .ToDictionary(u => u.Path, StringComparer.Ordinal);
        var totals = new Dictionary<string, MetricCounts>(StringComparer.Ordinal);
        foreach (var grid in gridPaths)
        {
            // Paths are "/code/code/…/", so the ancestors are the prefixes ending at each '/'.
            for (var end = grid.Path.IndexOf('/', 1); end > 0; end = grid.Path.IndexOf('/', end + 1))
            {
                var prefix = grid.Path[..(end + 1)];
                if (units.ContainsKey(prefix))
                {
                    totals[prefix] = totals.GetValueOrDefault(prefix, MetricCounts.Zero) + sums[grid.Id];
                    break;
                }
            }
        }
        return
        [
            .. totals.Where(t => scope.CanSee(t.Key, null))
                .Select(t => units[t.Key])
                .Select(u => new UnitCounts(u.Id, u.Code, u.Name, totals[u.Path])),
        ];
    }

    private static async Task<Dictionary<TKey, MetricCounts>> SumAsync<T, TKey>(IQueryable<T> rollup, Expression<Func<T, TKey>> key, DateOnly from, DateOnly to,
        CancellationToken cancellationToken) where T : DailyMetricCounts where TKey : notnull
    {
        var rows = await rollup.Where(r => r.Day >= from && r.Day <= to)
            .GroupBy(key)
            .Select(g => new Summed<TKey>(g.Key, new MetricCounts(
                g.Sum(r => r.Dispatched), g.Sum(r => r.DispatchedInTime), g.Sum(r => r.AcceptedInTime), g.Sum(r => r.Completed),
                g.Sum(r => r.CompletedOnTime), g.Sum(r => r.Returned), g.Sum(r => r.Reopened), g.Sum(r => r.CallbackAnswered),
                g.Sum(r => r.Resolved), g.Sum(r => r.Satisfied), g.Sum(r => r.PartlySatisfied), g.Sum(r => r.BlueCard),
                g.Sum(r => r.YellowCard), g.Sum(r => r.RedCard))))
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => r.Counts);
    }
}
