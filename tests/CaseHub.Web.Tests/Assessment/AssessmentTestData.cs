using CaseHub.Cases.Features.Assessment;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;

namespace CaseHub.Web.Tests.Assessment;

/// <summary>
/// A small city for assessment tests, written straight to the database:
/// 杭州市 3301 → 西湖区 330106 → 北山街道 S1 → 北山社区 M1 → grids G1, G2
///                             → 灵隐街道 S2 → 灵隐社区 M2 → grid G3
///            → 拱墅区 330105 (no grids).
/// Departments 区建设局 roads and 区水务局 water serve 西湖区; 区园林局 parks serves 拱墅区.
/// Staff: admin (system admin), supervisor (the city), supervisor.xh (西湖区 only), handler (a handler: no assessment).
/// </summary>
internal sealed record AssessmentTestData(
    Guid City, Guid Xihu, Guid Gongshu, Guid S1, Guid S2, Guid G1, Guid G2, Guid G3,
    Guid Roads, Guid Water, Guid Parks, Guid EvCharging, Guid Noise)
{
    public static async Task<AssessmentTestData> SeedAsync(CaseHubApp app)
    {
        await using var db = app.NewDbContext();
        OrgUnit Unit(string code, string name, OrgLevel level, OrgUnit? parent) => new()
        {
            Id = Guid.NewGuid(), Code = code, Name = name, Level = level, ParentId = parent?.Id, Path = (parent?.Path ?? "/") + code + "/",
        };
        var city = Unit("3301", "杭州市", OrgLevel.City, null);
        var xihu = Unit("330106", "西湖区", OrgLevel.District, city);
        var gongshu = Unit("330105", "拱墅区", OrgLevel.District, city);
        var s1 = Unit("330106001", "北山街道", OrgLevel.Street, xihu);
        var s2 = Unit("330106002", "灵隐街道", OrgLevel.Street, xihu);
        var m1 = Unit("330106001001", "北山社区", OrgLevel.Community, s1);
        var m2 = Unit("330106002001", "灵隐社区", OrgLevel.Community, s2);
        var g1 = Unit("G1", "北山第一网格", OrgLevel.Grid, m1);
        var g2 = Unit("G2", "北山第二网格", OrgLevel.Grid, m1);
        var g3 = Unit("G3", "灵隐第一网格", OrgLevel.Grid, m2);
        Department Dept(string code, string name, OrgUnit unit) => new() { Id = Guid.NewGuid(), Code = code, Name = name, OrgUnitId = unit.Id, Level = unit.Level };
        var roads = Dept("roads", "区建设局", xihu);
        var water = Dept("water", "区水务局", xihu);
        var parks = Dept("parks", "区园林局", gongshu);
        Item NewItem(string code, string name, string english) => new() { Id = Guid.NewGuid(), Code = code, NameZh = name, NameEn = english, Level = 1, Kinds = [CaseKind.Complaint] };
        var ev = NewItem("0901", "电动车充电设施", "EV charging");
        var noise = NewItem("0902", "社会生活噪音", "Noise");
        StaffUser Staff(string name, StaffRole role, params OrgUnit[] scope) => new()
        {
            Id = Guid.NewGuid(), UserName = name, DisplayName = name, Roles = [role], OrgUnitScope = [.. scope.Select(u => u.Id)],
        };
        db.AddRange(city, xihu, gongshu, s1, s2, m1, m2, g1, g2, g3, roads, water, parks, ev, noise,
            Staff("admin", StaffRole.SystemAdmin, city), Staff("supervisor", StaffRole.Supervisor, city),
            Staff("supervisor.xh", StaffRole.Supervisor, xihu), Staff("handler", StaffRole.Handler, city));
        await db.SaveChangesAsync();
        return new(city.Id, xihu.Id, gongshu.Id, s1.Id, s2.Id, g1.Id, g2.Id, g3.Id, roads.Id, water.Id, parks.Id, ev.Id, noise.Id);
    }

    private static int _sequence;

    /// <summary>A case as intake and dispatch would have left it; only the fields assessment reads matter.</summary>
    public static CaseEntity Case(DateTimeOffset receivedAt, Guid? department = null, Guid? grid = null, Guid? item = null, Guid? jurisdiction = null) => new()
    {
        Id = Guid.NewGuid(),
        TrackingNumber = $"T{Interlocked.Increment(ref _sequence):D12}",
        Channel = Channel.Hotline,
        Kind = CaseKind.Complaint,
        Status = CaseStatus.Dispatched,
        Title = "测试",
        Description = "测试描述",
        ReceivedAt = receivedAt.ToUniversalTime(),
        UpdatedAt = receivedAt.ToUniversalTime(),
        DepartmentId = department,
        GridId = grid,
        ItemId = item,
        JurisdictionId = jurisdiction,
    };

    /// <summary>Writes a case and <paramref name="count"/> events of each metric against it, all at <paramref name="at"/>.</summary>
    public static async Task RecordAsync(CaseHubApp app, Guid department, Guid grid, DateTimeOffset at, params (CaseMetric Metric, int Count)[] metrics)
    {
        await using var db = app.NewDbContext();
        var @case = Case(at, department, grid);
        db.Add(@case);
        foreach (var (metric, count) in metrics)
        {
            for (var i = 0; i < count; i++)
                CaseMetrics.Record(db, metric, @case, at);
        }
        await db.SaveChangesAsync();
    }
}
