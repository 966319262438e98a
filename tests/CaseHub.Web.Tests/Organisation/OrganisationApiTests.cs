using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using static CaseHub.Web.Tests.Organisation.OrgTestData;

namespace CaseHub.Web.Tests.Organisation;

/// <summary>The org tree, grids, departments and locate through HTTP, on a fresh database per test, once per provider.</summary>
public abstract class OrganisationApiTests(DatabaseProvider provider) : AppTest(provider)
{
    private async Task ImportCityAsync()
    {
        await (await Admin.PostAsync("/api/org-units/import", Json(Tree()))).ReadAsync<ImportSummary>();
        await (await Admin.PostAsync("/api/grids/import", Json(Grids(), "application/geo+json"))).ReadAsync<ImportSummary>();
    }

    private async Task<LocateResult> LocateAsync(string query) =>
        await (await Admin.GetAsync($"/api/locate?{query}")).ReadAsync<LocateResult>();

    private async Task<List<OrgUnitDto>> UnitsAsync(string query = "") =>
        await (await Admin.GetAsync($"/api/org-units?{query}")).ReadAsync<List<OrgUnitDto>>();

    [Fact]
    public async Task ImportTreeAndGrids_CreatesEveryUnit_WithPathsFromTheRoot()
    {
        var tree = await (await Admin.PostAsync("/api/org-units/import", Json(Tree()))).ReadAsync<ImportSummary>();
        var grids = await (await Admin.PostAsync("/api/grids/import", Json(Grids()))).ReadAsync<ImportSummary>();

        tree.ShouldBe(new ImportSummary(8, 0));
        grids.ShouldBe(new ImportSummary(4, 0));
        var all = await UnitsAsync();
        all.Count.ShouldBe(12);
        all.Single(u => u.Code == "G1").ShouldBe(new OrgUnitDto("G1", "北山第一网格", OrgLevel.Grid, "330106001001", "/3301/330106/330106001/330106001001/G1/", true));
        (await UnitsAsync("level=Grid")).Select(u => u.Code).ShouldBe(["G4", "G1", "G2", "G3"]);
        (await UnitsAsync("parent=330106")).Select(u => u.Code).ShouldBe(["330106001", "330106002"]);
    }

    [Fact]
    public async Task ListOrgUnits_AsATree_NestsChildrenUnderTheirParents()
    {
        await ImportCityAsync();

        var roots = await (await Admin.GetAsync("/api/org-units?view=tree")).ReadAsync<List<OrgUnitTreeNode>>();

        var city = roots.ShouldHaveSingleItem();
        city.Code.ShouldBe("3301");
        city.Children.Select(c => c.Code).ShouldBe(["330105", "330106"]);
        city.Children[1].Children[0].Children[0].Children.Select(g => g.Code).ShouldBe(["G1", "G2"]);
    }

    [Fact]
    public async Task GetOrgUnit_ReturnsTheBoundaryAndChain_Or404()
    {
        await ImportCityAsync();

        var grid = await (await Admin.GetAsync("/api/org-units/G3")).ReadAsync<OrgUnitDetail>();
        var missing = await Admin.GetAsync("/api/org-units/nope");

        grid.ParentCode.ShouldBe("330106002001");
        grid.Boundary!.Value.GetProperty("type").GetString().ShouldBe("Polygon");
        grid.Chain.Select(u => u.Code).ShouldBe(["G3", "330106002001", "330106002", "330106", "3301"]);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Locate_InsideAGrid_ReturnsTheGrid_TheStreetAsJurisdiction_AndTheChain()
    {
        await ImportCityAsync();

        var located = await LocateAsync("lat=30.005&lng=120.015");

        located.Method.ShouldBe(LocateMethod.Point);
        located.Grid!.Code.ShouldBe("G2");
        located.Jurisdiction.Code.ShouldBe("330106001");
        located.Chain.Select(u => u.Level).ShouldBe([OrgLevel.Grid, OrgLevel.Community, OrgLevel.Street, OrgLevel.District, OrgLevel.City]);
    }

    [Fact]
    public async Task Locate_InAGridWithNoStreetAbove_TakesTheCommunityAsJurisdiction()
    {
        await ImportCityAsync();

        var located = await LocateAsync("lat=30.015&lng=120.005");

        located.Grid!.Code.ShouldBe("G4");
        located.Jurisdiction.Code.ShouldBe("330105900");
    }

    [Fact]
    public async Task Locate_OnTheBoundaryBetweenTwoGrids_PicksTheSmallerCode_EveryTime()
    {
        await ImportCityAsync();

        for (var i = 0; i < 3; i++)
            (await LocateAsync("lat=30.005&lng=120.01")).Grid!.Code.ShouldBe("G1");
        // A corner shared by G1, G2 and G4 (G4 lies north of G1).
        (await LocateAsync("lat=30.01&lng=120.01")).Grid!.Code.ShouldBe("G1");
    }

    [Fact]
    public async Task Locate_OutsideEveryGrid_WithoutAddress_Is404()
    {
        await ImportCityAsync();

        var problem = await (await Admin.GetAsync("/api/locate?lat=31&lng=121")).ReadProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("title").GetString().ShouldBe("Not located");
    }

    [Fact]
    public async Task Locate_FallsBackToTheAddress_ForTheDeepestNamedUnit()
    {
        await ImportCityAsync();

        var byAddress = await LocateAsync("address=" + Uri.EscapeDataString("西湖区灵隐街道幸福社区12号"));
        var outsideWithAddress = await LocateAsync("lat=31&lng=121&address=" + Uri.EscapeDataString("北山街道某小区"));
        var unknown = await Admin.GetAsync("/api/locate?address=" + Uri.EscapeDataString("上海市浦东新区"));

        byAddress.Method.ShouldBe(LocateMethod.Address);
        byAddress.Grid.ShouldBeNull();
        byAddress.Unit.Code.ShouldBe("330106002001");
        byAddress.Jurisdiction.Code.ShouldBe("330106002");
        outsideWithAddress.Method.ShouldBe(LocateMethod.Address);
        outsideWithAddress.Unit.Code.ShouldBe("330106001");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("lat=91&lng=120", "lat")]
    [InlineData("lat=-90.5&lng=120", "lat")]
    [InlineData("lat=30&lng=180.1", "lng")]
    [InlineData("lat=30&lng=east", "lng")]
    [InlineData("lat=30", "lng")]
    [InlineData("", "lat")]
    public async Task Locate_WithBadCoordinates_Is400NamingTheField(string query, string field)
    {
        var problem = await (await Admin.GetAsync($"/api/locate?{query}")).ReadProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task ImportGrids_WithBadFeatures_Is400ListingEachByIndex_AndWritesNothing()
    {
        await (await Admin.PostAsync("/api/org-units/import", Json(Tree()))).ReadAsync<ImportSummary>();
        var bowTie = Polygon((120, 30), (120.01, 30.01), (120.01, 30), (120, 30.01), (120, 30));
        var file = FeatureCollection(
            Grid("G1", "好网格", "330106001001", Square(120, 30, 0.01)),
            Grid("G2", "自相交", "330106001001", bowTie),
            Grid("G3", "无上级", "nope", Square(120.02, 30, 0.01)),
            Grid("G1", "重复", "330106001001", Square(120.03, 30, 0.01)),
            Grid("G5", "点", "330106001001", new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(120, 30) }),
            new JsonObject { ["type"] = "Feature", ["properties"] = new JsonObject { ["code"] = "G6" }, ["geometry"] = Square(120.05, 30, 0.01) });

        var problem = await (await Admin.PostAsync("/api/grids/import", Json(file))).ReadProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(
            ["features[1].geometry", "features[2].properties.parentCode", "features[3].properties.code", "features[4].geometry",
             "features[5].properties.name", "features[5].properties.parentCode"], ignoreOrder: true);
        errors.GetProperty("features[1].geometry")[0].GetString()!.ShouldContain("Self-intersection", Case.Insensitive);
        problem.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("index").GetInt32()).Distinct().ShouldBe([1, 2, 3, 4, 5]);
        (await UnitsAsync("level=Grid")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ImportGrids_ThatAreNotAFeatureCollection_Is400()
    {
        var notGeoJson = await Admin.PostAsync("/api/grids/import", Json(new JsonObject { ["type"] = "Feature" }));
        var notJson = await Admin.PostAsync("/api/grids/import", new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));

        (await notGeoJson.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("type", out _).ShouldBeTrue();
        (await notJson.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task ImportGrids_Again_UpdatesByCode_AndTheLocatorSeesTheNewBoundary()
    {
        await ImportCityAsync();
        (await Admin.GetAsync("/api/locate?lat=30.005&lng=120.045")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var moved = FeatureCollection(Grid("G3", "灵隐第一网格（调整）", "330106002001", Square(120.04, 30.00, 0.01)));
        var summary = await (await Admin.PostAsync("/api/grids/import", Json(moved))).ReadAsync<ImportSummary>();

        summary.ShouldBe(new ImportSummary(0, 1));
        (await LocateAsync("lat=30.005&lng=120.045")).Grid!.Name.ShouldBe("灵隐第一网格（调整）");
        (await UnitsAsync("level=Grid")).Count.ShouldBe(4);
    }

    [Fact]
    public async Task ImportOrgUnits_WithBadRows_Is400ByIndex_AndWritesNothing()
    {
        JsonArray rows =
        [
            Unit("3301", "杭州市", "City", null),
            Unit("330106", "西湖区", "District", "9999"),
            Unit("330106", "重复", "District", "3301"),
            new JsonObject { ["code"] = "330107", ["level"] = "District", ["parentCode"] = "3301" },
            Unit("330108", "某镇", "Town", "3301"),
            Unit("3302", "宁波市", "District", null),
            Unit("330109", "反了", "City", "3301"),
        ];

        var problem = await (await Admin.PostAsync("/api/org-units/import", Json(rows))).ReadProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(
            ["[1].parentCode", "[2].code", "[3].name", "[4].level", "[5].parentCode", "[6].parentCode"], ignoreOrder: true);
        (await UnitsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ImportOrgUnits_MovingAStreet_RewritesThePathsBelowIt()
    {
        await ImportCityAsync();

        var summary = await (await Admin.PostAsync("/api/org-units/import", Json(new JsonArray(Unit("330106002", "灵隐街道", "Street", "330105"))))).ReadAsync<ImportSummary>();

        summary.ShouldBe(new ImportSummary(0, 1));
        var all = await UnitsAsync();
        all.Single(u => u.Code == "330106002001").Path.ShouldBe("/3301/330105/330106002/330106002001/");
        all.Single(u => u.Code == "G3").Path.ShouldBe("/3301/330105/330106002/330106002001/G3/");
        (await LocateAsync("lat=30.005&lng=120.025")).Chain.Select(u => u.Code).ShouldBe(["G3", "330106002001", "330106002", "330105", "3301"]);
    }

    [Fact]
    public async Task ImportDepartments_ThenList_ByOrgUnitAndLevel()
    {
        await ImportCityAsync();
        JsonArray departments =
        [
            Department("D-CG", "西湖区城管局", "330106"),
            Department("D-SW", "市水务集团", "3301"),
            Department("D-BS", "北山街道城管科", "330106001"),
        ];

        var summary = await (await Admin.PostAsync("/api/departments/import", Json(departments))).ReadAsync<ImportSummary>();
        var bad = await Admin.PostAsync("/api/departments/import", Json(new JsonArray(Department("D-X", "社区办", "330106001001"))));

        summary.ShouldBe(new ImportSummary(3, 0));
        (await bad.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("[0].orgUnitCode", out _).ShouldBeTrue();
        var district = await (await Admin.GetAsync("/api/departments?orgUnit=330106")).ReadAsync<List<DepartmentDto>>();
        district.ShouldHaveSingleItem().ShouldBe(new DepartmentDto("D-CG", "西湖区城管局", "330106", OrgLevel.District, true));
        (await (await Admin.GetAsync("/api/departments?level=Street")).ReadAsync<List<DepartmentDto>>()).Select(d => d.Code).ShouldBe(["D-BS"]);
        (await (await Admin.GetAsync("/api/departments")).ReadAsync<List<DepartmentDto>>()).Count.ShouldBe(3);
    }

    [Fact]
    public async Task StaffScope_FromStoredUsers_SeesCasesInTheirStreetOrDepartment()
    {
        await ImportCityAsync();
        await (await Admin.PostAsync("/api/departments/import", Json(new JsonArray(Department("D-CG", "西湖区城管局", "330106"))))).ReadAsync<ImportSummary>();
        await using var db = App.NewDbContext();
        var street = await db.Set<OrgUnit>().SingleAsync(u => u.Code == "330106001");
        var department = await db.Set<Department>().SingleAsync(d => d.Code == "D-CG");
        var dispatcher = new StaffUser { Id = Guid.NewGuid(), UserName = "dispatcher", DisplayName = "北山调度", Roles = [StaffRole.Dispatcher], OrgUnitScope = [street.Id] };
        var handler = new StaffUser { Id = Guid.NewGuid(), UserName = "handler", DisplayName = "城管处置", Roles = [StaffRole.Handler], DepartmentScope = [department.Id] };
        db.AddRange(dispatcher, handler);
        await db.SaveChangesAsync();

        await using var read = App.NewDbContext();
        var dispatcherScope = await StaffScope.LoadAsync(read, await read.Set<StaffUser>().SingleAsync(u => u.UserName == "dispatcher"));
        var handlerScope = await StaffScope.LoadAsync(read, await read.Set<StaffUser>().SingleAsync(u => u.UserName == "handler"));
        var inBeishan = (await LocateAsync("lat=30.005&lng=120.005")).Grid;
        var inLingyin = (await LocateAsync("lat=30.005&lng=120.025")).Grid;

        dispatcherScope.CanSee(inBeishan, null).ShouldBeTrue();
        dispatcherScope.CanSee(inLingyin, null).ShouldBeFalse();
        handlerScope.CanSee(inLingyin, department.Id).ShouldBeTrue();
        handlerScope.CanSee(inBeishan, null).ShouldBeFalse();
    }
}

public sealed class OrganisationApiTests_Sqlite() : OrganisationApiTests(DatabaseProvider.Sqlite);

public sealed class OrganisationApiTests_Postgres() : OrganisationApiTests(DatabaseProvider.Postgres);
