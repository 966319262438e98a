using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Organisation;
using NetTopologySuite.Geometries;

namespace CaseHub.Web.Tests.Organisation;

/// <summary>
/// A small fictional city for organisation tests:
/// 杭州市 3301 → 西湖区 330106 → 北山街道 330106001 → 幸福社区 330106001001 → grids G1, G2 (side by side);
///                              → 灵隐街道 330106002 → 幸福社区 330106002001 (same name) → grid G3;
///             → 拱墅区 330105 (no street) → 湖墅社区 330105900 → grid G4.
/// Grids are 0.01° squares from (120.00, 30.00): G1 [120.00,120.01], G2 [120.01,120.02], G3 [120.02,120.03], G4 [120.00,120.01]×[30.01,30.02].
/// </summary>
public static class OrgTestData
{
    public static JsonArray Tree() =>
    [
        Unit("3301", "杭州市", "City", null),
        Unit("330106", "西湖区", "District", "3301"),
        Unit("330106001", "北山街道", "Street", "330106"),
        Unit("330106001001", "幸福社区", "Community", "330106001"),
        Unit("330106002", "灵隐街道", "Street", "330106"),
        Unit("330106002001", "幸福社区", "Community", "330106002"),
        Unit("330105", "拱墅区", "District", "3301"),
        Unit("330105900", "湖墅社区", "Community", "330105"),
    ];

    public static JsonObject Grids() => FeatureCollection(
        Grid("G1", "北山第一网格", "330106001001", Square(120.00, 30.00, 0.01)),
        Grid("G2", "北山第二网格", "330106001001", Square(120.01, 30.00, 0.01)),
        Grid("G3", "灵隐第一网格", "330106002001", Square(120.02, 30.00, 0.01)),
        Grid("G4", "湖墅第一网格", "330105900", Square(120.00, 30.01, 0.01)));

    public static JsonObject Unit(string code, string name, string level, string? parentCode) =>
        new() { ["code"] = code, ["name"] = name, ["level"] = level, ["parentCode"] = parentCode };

    public static JsonObject Department(string code, string name, string orgUnitCode) =>
        new() { ["code"] = code, ["name"] = name, ["orgUnitCode"] = orgUnitCode };

    public static JsonObject FeatureCollection(params JsonNode[] features) =>
        new() { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features) };

    public static JsonObject Grid(string code, string name, string parentCode, JsonNode? geometry) => new()
    {
        ["type"] = "Feature",
        ["properties"] = new JsonObject { ["code"] = code, ["name"] = name, ["parentCode"] = parentCode },
        ["geometry"] = geometry,
    };

    /// <summary>A GeoJSON Polygon: the square with south-west corner (lng, lat), counter-clockwise.</summary>
    public static JsonObject Square(double lng, double lat, double size) => Polygon(
        (lng, lat), (lng + size, lat), (lng + size, lat + size), (lng, lat + size), (lng, lat));

    public static JsonObject Polygon(params (double Lng, double Lat)[] ring) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray([.. ring.Select(p => (JsonNode)new JsonArray(p.Lng, p.Lat))])),
    };

    /// <summary>
    /// An in-memory lattice of <paramref name="side"/>² square grids of <paramref name="size"/>° from (120, 30):
    /// one city, one district, one street, a community per row, and grid "R{row}C{col}" at row (latitude) and column (longitude).
    /// </summary>
    public static OrgIndex Lattice(int side, double size)
    {
        var units = new List<OrgUnit>();
        var boundaries = new Dictionary<Guid, Geometry>();
        var city = NewUnit("C", "杭州市", OrgLevel.City, null);
        var district = NewUnit("D", "西湖区", OrgLevel.District, city);
        var street = NewUnit("S", "街道", OrgLevel.Street, district);
        for (var row = 0; row < side; row++)
        {
            var community = NewUnit($"M{row}", $"第{row}社区", OrgLevel.Community, street);
            for (var col = 0; col < side; col++)
            {
                var grid = NewUnit($"R{row}C{col}", $"第{row}社区第{col}网格", OrgLevel.Grid, community);
                var (x, y) = (120 + col * size, 30 + row * size);
                boundaries[grid.Id] = GeoJsonGeometry.Factory.CreatePolygon(
                    [new(x, y), new(x + size, y), new(x + size, y + size), new(x, y + size), new(x, y)]);
            }
        }
        return OrgIndex.Build(units, boundaries);

        OrgUnit NewUnit(string code, string name, OrgLevel level, OrgUnit? parent)
        {
            var unit = new OrgUnit { Id = Guid.NewGuid(), Code = code, Name = name, Level = level, ParentId = parent?.Id, Path = (parent?.Path ?? "/") + code + "/" };
            units.Add(unit);
            return unit;
        }
    }

    public static StringContent Json(JsonNode node, string mediaType = "application/json") =>
        new(node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            System.Text.Encoding.UTF8, mediaType);
}
