using CaseHub.Cases.Features.Organisation;

namespace CaseHub.Web.Tests.Organisation;

/// <summary>The locator's index on generated square grids, without a database.</summary>
public sealed class OrgIndexTests
{
    private const double Size = 0.001;
    private static readonly OrgIndex Lattice = OrgTestData.Lattice(40, Size);

    [Fact]
    public void Locate_RandomPointsInTheLattice_FindTheSquareTheyFallIn()
    {
        var random = new Random(42);
        for (var i = 0; i < 2_000; i++)
        {
            // Stay clear of the edges so the expected square is unambiguous.
            var (row, col) = (random.Next(40), random.Next(40));
            var (lng, lat) = (120 + (col + 0.05 + random.NextDouble() * 0.9) * Size, 30 + (row + 0.05 + random.NextDouble() * 0.9) * Size);

            var location = Lattice.Locate(lat, lng).ShouldNotBeNull();

            location.Grid.ShouldNotBeNull().Code.ShouldBe($"R{row}C{col}");
        }
    }

    [Fact]
    public void Locate_AgreesWithTheBruteForceScan()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var (lng, lat) = (119.99 + random.NextDouble() * 0.06, 29.99 + random.NextDouble() * 0.06);
            Lattice.Locate(lat, lng)?.Grid?.Code.ShouldBe(Lattice.LocateWithoutIndex(lat, lng)?.Code);
        }
    }

    [Theory]
    [InlineData(29.9, 120.01)]
    [InlineData(30.01, 119.9)]
    [InlineData(30.5, 120.5)]
    public void Locate_OutsideEveryGrid_IsNull(double lat, double lng) => Lattice.Locate(lat, lng).ShouldBeNull();

    [Fact]
    public void Locate_OnTheEdgeBetweenTwoGrids_PicksTheSmallerCode()
    {
        // x = 120 + 3 × size is the edge between columns 2 and 3 of row 5.
        var location = Lattice.Locate(30 + 5.5 * Size, 120 + 3 * Size).ShouldNotBeNull();

        location.Grid!.Code.ShouldBe("R5C2");
    }

    [Fact]
    public void Locate_ReturnsTheChainFromGridToCity_AndTheStreetAsJurisdiction()
    {
        var location = Lattice.Locate(30 + 0.5 * Size, 120 + 0.5 * Size).ShouldNotBeNull();

        location.Chain.Select(u => u.Level).ShouldBe([OrgLevel.Grid, OrgLevel.Community, OrgLevel.Street, OrgLevel.District, OrgLevel.City]);
        location.Chain.Select(u => u.Code).ShouldBe(["R0C0", "M0", "S", "D", "C"]);
        location.Jurisdiction.Code.ShouldBe("S");
    }

    [Fact]
    public void Locate_InAPolygonsHole_IsNotInThatPolygon()
    {
        var community = new OrgUnit { Id = Guid.NewGuid(), Code = "M", Name = "社区", Level = OrgLevel.Community, Path = "/M/" };
        var grid = new OrgUnit { Id = Guid.NewGuid(), Code = "G", Name = "网格", Level = OrgLevel.Grid, ParentId = community.Id, Path = "/M/G/",
            BoundaryGeoJson = """{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}""" };
        var index = OrgIndex.Build([community, grid]);

        index.Locate(5, 5).ShouldBeNull();
        index.Locate(2, 2).ShouldNotBeNull().Grid!.Code.ShouldBe("G");
    }

    [Fact]
    public void Jurisdiction_WithoutAStreet_IsTheDeepestUnitAboveGrid()
    {
        OrgUnitRef Ref(string code, OrgLevel level) => new(Guid.NewGuid(), code, code, level, "/");

        Jurisdiction.Of([Ref("g", OrgLevel.Grid), Ref("m", OrgLevel.Community), Ref("d", OrgLevel.District)]).Code.ShouldBe("m");
        Jurisdiction.Of([Ref("g", OrgLevel.Grid), Ref("m", OrgLevel.Community), Ref("s", OrgLevel.Street), Ref("d", OrgLevel.District)]).Code.ShouldBe("s");
        Jurisdiction.Of([Ref("d", OrgLevel.District), Ref("c", OrgLevel.City)]).Code.ShouldBe("d");
    }

    [Theory]
    [InlineData("第3社区第7网格旁边", "R3C7")]
    [InlineData("街道第3社区门口", "M3")]
    [InlineData("西湖区里某处", "D")]
    public void LocateByAddress_PicksTheDeepestUnitNamed(string address, string expected) =>
        Lattice.LocateByAddress(address).ShouldNotBeNull().Unit.Code.ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("火星基地")]
    public void LocateByAddress_WithNoNameInTheText_IsNull(string address) => Lattice.LocateByAddress(address).ShouldBeNull();

    [Fact]
    public void LocateByAddress_WhenTwoUnitsShareAName_TakesTheOneWhoseAncestorIsNamed()
    {
        Guid Id() => Guid.NewGuid();
        var street1 = new OrgUnit { Id = Id(), Code = "S1", Name = "北山街道", Level = OrgLevel.Street, Path = "/S1/" };
        var street2 = new OrgUnit { Id = Id(), Code = "S2", Name = "灵隐街道", Level = OrgLevel.Street, Path = "/S2/" };
        var community1 = new OrgUnit { Id = Id(), Code = "M1", Name = "幸福社区", Level = OrgLevel.Community, ParentId = street1.Id, Path = "/S1/M1/" };
        var community2 = new OrgUnit { Id = Id(), Code = "M2", Name = "幸福社区", Level = OrgLevel.Community, ParentId = street2.Id, Path = "/S2/M2/" };
        var index = OrgIndex.Build([street1, street2, community1, community2]);

        index.LocateByAddress("灵隐街道幸福社区5幢").ShouldNotBeNull().Unit.Code.ShouldBe("M2");
        // Without the street the two communities tie, and no unit above them is named, so the address does not locate.
        index.LocateByAddress("幸福社区5幢").ShouldBeNull();
    }
}
