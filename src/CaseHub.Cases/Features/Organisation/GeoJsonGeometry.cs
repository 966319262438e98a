using System.Text.Json;
using CaseHub.Workflows;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace CaseHub.Cases.Features.Organisation;

/// <summary>
/// Reads GeoJSON Polygon and MultiPolygon geometries (RFC 7946, WGS-84 longitude/latitude) into NetTopologySuite
/// geometries. NetTopologySuite.IO.GeoJSON4STJ cannot be restored here, and grids need only these two types.
/// </summary>
public static class GeoJsonGeometry
{
    /// <summary>SRID 4326; coordinates are x = longitude, y = latitude.</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Parses and validates a grid boundary; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static Geometry? TryRead(JsonElement geometry, out string? error)
    {
        try
        {
            var result = Read(geometry);
            var validity = new IsValidOp(result).ValidationError;
            error = validity is null ? null : Bilingual.Text(
                $"多边形无效：{validity.Message}，位置 ({validity.Coordinate.X}, {validity.Coordinate.Y})",
                $"the polygon is not valid: {validity.Message} at ({validity.Coordinate.X}, {validity.Coordinate.Y})");
            return error is null ? result : null;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Parses a stored boundary. Stored boundaries were validated on import.</summary>
    public static Geometry Read(string geoJson)
    {
        using var document = JsonDocument.Parse(geoJson);
        return Read(document.RootElement);
    }

    private static Geometry Read(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object)
            throw new FormatException(Bilingual.Text("geometry 必须是 GeoJSON 对象", "the geometry must be a GeoJSON object"));
        var type = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
            throw new FormatException(Bilingual.Text("geometry 缺少 coordinates 数组", "the geometry has no coordinates array"));
        return type switch
        {
            "Polygon" => ReadPolygon(coordinates),
            "MultiPolygon" => Factory.CreateMultiPolygon(coordinates.EnumerateArray().Select(ReadPolygon).ToArray()) is { NumGeometries: > 0 } multi
                ? multi : throw new FormatException(Bilingual.Text("MultiPolygon 中没有多边形", "the MultiPolygon has no polygons")),
            null => throw new FormatException(Bilingual.Text("geometry 缺少 type", "the geometry has no type")),
            _ => throw new FormatException(Bilingual.Text($"geometry 的类型是 {type}；网格需要 Polygon 或 MultiPolygon", $"the geometry is a {type}; a grid needs a Polygon or MultiPolygon")),
        };
    }

    private static Polygon ReadPolygon(JsonElement rings)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
            throw new FormatException(Bilingual.Text("多边形至少需要外环", "a polygon needs at least its outer ring"));
        var all = rings.EnumerateArray().Select(ReadRing).ToArray();
        return Factory.CreatePolygon(all[0], all[1..]);
    }

    private static LinearRing ReadRing(JsonElement ring)
    {
        if (ring.ValueKind != JsonValueKind.Array)
            throw new FormatException(Bilingual.Text("环必须是坐标点数组", "a ring must be an array of positions"));
        var positions = new Coordinate[ring.GetArrayLength()];
        var i = 0;
        foreach (var position in ring.EnumerateArray())
            positions[i++] = ReadPosition(position);
        if (positions.Length < 4)
            throw new FormatException(Bilingual.Text("环至少需要 4 个坐标点", "a ring needs at least 4 positions"));
        if (!positions[0].Equals2D(positions[^1]))
            throw new FormatException(Bilingual.Text("环的最后一个坐标点必须与第一个相同", "a ring must end at its first position"));
        return Factory.CreateLinearRing(positions);
    }

    private static Coordinate ReadPosition(JsonElement position)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
            || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
            throw new FormatException(Bilingual.Text("坐标点必须是 [经度, 纬度]", "a position must be [longitude, latitude]"));
        var longitude = position[0].GetDouble();
        var latitude = position[1].GetDouble();
        if (longitude is < -180 or > 180 || latitude is < -90 or > 90)
            throw new FormatException(Bilingual.Text(
                $"坐标点 [{longitude}, {latitude}] 超出 WGS-84 经纬度范围", $"the position [{longitude}, {latitude}] is outside WGS-84 longitude/latitude"));
        return new Coordinate(longitude, latitude);
    }
}
