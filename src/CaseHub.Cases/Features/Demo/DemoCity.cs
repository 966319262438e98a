using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;
using CaseHub.Cases.Features.Organisation;

namespace CaseHub.Cases.Features.Demo;

/// <summary>A unit of the demo org tree above grid level.</summary>
public sealed record DemoUnit(string Code, string Name, OrgLevel Level, string? ParentCode);

/// <summary>A demo grid: its community, name, boundary ring (lng/lat, closed) and the point it is drawn around.</summary>
public sealed record DemoGrid(string Code, string Name, string CommunityCode, string StreetCode, string DistrictCode, double[][] Ring, double CentreLng, double CentreLat);

/// <summary>A demo department; <see cref="Key"/> is its kind (CG 城管, HB 生态环境, …), shared across levels.</summary>
public sealed record DemoDepartment(string Code, string Name, string OrgUnitCode, string Key);

/// <summary>A demo member of staff.</summary>
public sealed record DemoUser(string UserName, string DisplayName, StaffRole[] Roles, string[] OrgUnitCodes, string[] DepartmentCodes);

/// <summary>
/// 临江市, a fictional city: 2 districts, 6 streets, 30 communities and 300 grids, with about 40 departments and
/// staff for every role. Everything is computed from a fixed seed, so every run draws the same city.
/// <para>
/// The grids tile a 20 × 15 lattice of cells about 400 m × 330 m. Cell corners and edge midpoints are jittered and
/// shared by the neighbouring cells, so the boundaries are irregular octagons that meet without gaps or overlaps.
/// Each district is 10 columns; each street 10 columns × 5 rows; each community 2 columns × 5 rows (10 grids).
/// </para>
/// </summary>
public sealed class DemoCity
{
    public const int Seed = 12345;
    public const string CityCode = "990100";
    public const string CityName = "临江市";
    public const int Columns = 20, Rows = 15;
    /// <summary>The south-west corner of the lattice and the cell size in degrees.</summary>
    public const double OriginLng = 119.2000, OriginLat = 30.1000, CellLng = 0.0040, CellLat = 0.0030;

    private static readonly (string Code, string Name, string Short, string[] Streets)[] DistrictNames =
    [
        ("990102", "临北区", "LB", ["滨河街道", "新桥街道", "柳湾街道"]),
        ("990103", "临南区", "LN", ["南湖街道", "梧桐街道", "石门街道"]),
    ];

    private static readonly string[] CommunityNames =
    [
        "春晖", "晨光", "锦绣", "和平", "幸福", "青年", "翠竹", "丽景", "金桥", "兴园",
        "望湖", "枫林", "朝阳", "育才", "安居", "明珠", "桃源", "东升", "碧波", "银杏",
        "龙湾", "花园", "清泉", "长乐", "紫荆", "映月", "云帆", "福寿", "香樟", "盛世",
    ];

    /// <summary>City departments: key and name.</summary>
    private static readonly (string Key, string Name)[] CityDepartments =
    [
        ("CG", "市城市管理综合执法局"), ("ZJ", "市住房和城乡建设局"), ("SW", "市水务局"), ("SJ", "市市场监督管理局"),
        ("RS", "市人力资源和社会保障局"), ("HB", "市生态环境局"), ("JT", "市交通运输局"), ("GA", "市公安局"),
        ("JY", "市教育局"), ("WJ", "市卫生健康委员会"), ("XF", "市消防救援支队"), ("ZY", "市自然资源和规划局"),
        ("YB", "市医疗保障局"), ("TY", "市体育局"), ("GD", "临江供电公司"), ("RQ", "临江燃气集团"), ("ZLS", "临江自来水公司"),
    ];

    /// <summary>District departments, one set per district; the name follows the district's.</summary>
    private static readonly (string Key, string Name)[] DistrictDepartments =
    [
        ("CG", "城市管理综合执法局"), ("ZJ", "住房和城乡建设局"), ("SJ", "市场监督管理局"), ("RS", "人力资源和社会保障局"),
        ("HB", "生态环境分局"), ("GA", "公安分局"), ("JY", "教育局"),
    ];

    /// <summary>Street departments, one set per street.</summary>
    private static readonly (string Key, string Name)[] StreetDepartments =
    [
        ("ZF", "综合执法队"), ("FW", "社区服务中心"),
    ];

    public IReadOnlyList<DemoUnit> Units { get; }
    public IReadOnlyList<DemoGrid> Grids { get; }
    public IReadOnlyList<DemoDepartment> Departments { get; }
    public IReadOnlyList<DemoUser> Users { get; }

    public DemoCity()
    {
        var random = new Randomizer(Seed);
        var units = new List<DemoUnit> { new(CityCode, CityName, OrgLevel.City, null) };
        var departments = CityDepartments.Select(d => new DemoDepartment($"LJ-{d.Key}", d.Name, CityCode, d.Key)).ToList();
        var communities = new string[2, 3, 5];
        var streets = new string[2, 3];
        var community = 0;
        for (var d = 0; d < DistrictNames.Length; d++)
        {
            var (districtCode, districtName, districtShort, streetNames) = DistrictNames[d];
            units.Add(new DemoUnit(districtCode, districtName, OrgLevel.District, CityCode));
            departments.AddRange(DistrictDepartments.Select(x => new DemoDepartment($"{districtShort}-{x.Key}", districtName + x.Name, districtCode, x.Key)));
            for (var s = 0; s < streetNames.Length; s++)
            {
                var streetCode = districtCode + (s + 1).ToString("D3", CultureInfo.InvariantCulture);
                streets[d, s] = streetCode;
                units.Add(new DemoUnit(streetCode, streetNames[s], OrgLevel.Street, districtCode));
                var streetShort = $"{districtShort}{s + 1:D2}";
                departments.AddRange(StreetDepartments.Select(x => new DemoDepartment($"{streetShort}-{x.Key}", streetNames[s] + x.Name, streetCode, x.Key)));
                for (var c = 0; c < 5; c++)
                {
                    var communityCode = streetCode + (c + 1).ToString("D3", CultureInfo.InvariantCulture);
                    communities[d, s, c] = communityCode;
                    units.Add(new DemoUnit(communityCode, CommunityNames[community++] + "社区", OrgLevel.Community, streetCode));
                }
            }
        }

        // Shared, jittered lattice corners and edge midpoints; the outer boundary stays straight.
        var corners = new (double Lng, double Lat)[Columns + 1, Rows + 1];
        for (var i = 0; i <= Columns; i++)
        {
            for (var j = 0; j <= Rows; j++)
            {
                var jx = i is 0 or Columns ? 0 : random.Double(-0.2, 0.2);
                var jy = j is 0 or Rows ? 0 : random.Double(-0.2, 0.2);
                corners[i, j] = (OriginLng + (i + jx) * CellLng, OriginLat + (j + jy) * CellLat);
            }
        }
        // Midpoint of the horizontal edge from corner (i, j) to (i + 1, j), and of the vertical edge from (i, j) to (i, j + 1).
        var horizontal = new (double Lng, double Lat)[Columns, Rows + 1];
        for (var i = 0; i < Columns; i++)
        {
            for (var j = 0; j <= Rows; j++)
            {
                var (a, b) = (corners[i, j], corners[i + 1, j]);
                var bend = j is 0 or Rows ? 0 : random.Double(-0.12, 0.12) * CellLat;
                horizontal[i, j] = ((a.Lng + b.Lng) / 2 + random.Double(-0.08, 0.08) * CellLng, (a.Lat + b.Lat) / 2 + bend);
            }
        }
        var vertical = new (double Lng, double Lat)[Columns + 1, Rows];
        for (var i = 0; i <= Columns; i++)
        {
            for (var j = 0; j < Rows; j++)
            {
                var (a, b) = (corners[i, j], corners[i, j + 1]);
                var bend = i is 0 or Columns ? 0 : random.Double(-0.12, 0.12) * CellLng;
                vertical[i, j] = ((a.Lng + b.Lng) / 2 + bend, (a.Lat + b.Lat) / 2 + random.Double(-0.08, 0.08) * CellLat);
            }
        }

        var grids = new List<DemoGrid>(Columns * Rows);
        var gridsPerCommunity = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < Rows; row++)
        {
            for (var col = 0; col < Columns; col++)
            {
                var (d, s, c) = (col / 10, row / 5, col % 10 / 2);
                var communityCode = communities[d, s, c];
                var number = gridsPerCommunity[communityCode] = gridsPerCommunity.GetValueOrDefault(communityCode) + 1;
                var communityName = units.First(u => u.Code == communityCode).Name;
                // Counter-clockwise: the bottom edge west to east, up the east edge, the top edge east to west, down the west edge.
                var points = new[]
                {
                    corners[col, row], horizontal[col, row], corners[col + 1, row], vertical[col + 1, row],
                    corners[col + 1, row + 1], horizontal[col, row + 1], corners[col, row + 1], vertical[col, row], corners[col, row],
                };
                var ring = points.Select(p => new[] { Math.Round(p.Lng, 7), Math.Round(p.Lat, 7) }).ToArray();
                var (centreLng, centreLat) = Centroid(ring);
                grids.Add(new DemoGrid(communityCode + number.ToString("D2", CultureInfo.InvariantCulture), $"{communityName}第{number}网格",
                    communityCode, streets[d, s], DistrictNames[d].Code, ring, centreLng, centreLat));
            }
        }

        Units = units;
        Grids = grids;
        Departments = departments;
        Users = BuildUsers(new Faker("zh_CN") { Random = new Randomizer(Seed + 1) }, units, departments);
    }

    /// <summary>The district and street a unit code belongs to (codes nest: district 6, street 9, community 12 digits).</summary>
    public static string DistrictOf(string code) => code[..6];

    /// <summary>The org units above grid level as the org import reads them: <c>[{code, name, level, parentCode}]</c>.</summary>
    public JsonArray UnitsJson() => [.. Units.Select(u => (JsonNode)new JsonObject
    {
        ["code"] = u.Code, ["name"] = u.Name, ["level"] = u.Level.ToString(), ["parentCode"] = u.ParentCode,
    })];

    /// <summary>The departments as the org import reads them: <c>[{code, name, orgUnitCode}]</c>.</summary>
    public JsonArray DepartmentsJson() => [.. Departments.Select(d => (JsonNode)new JsonObject
    {
        ["code"] = d.Code, ["name"] = d.Name, ["orgUnitCode"] = d.OrgUnitCode,
    })];

    /// <summary>The grids as a GeoJSON FeatureCollection, as the grid import reads it.</summary>
    public JsonObject GridsGeoJson() => new()
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray([.. Grids.Select(g => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = new JsonObject { ["code"] = g.Code, ["name"] = g.Name, ["parentCode"] = g.CommunityCode },
            ["geometry"] = new JsonObject
            {
                ["type"] = "Polygon",
                ["coordinates"] = new JsonArray(new JsonArray([.. g.Ring.Select(p => (JsonNode)new JsonArray(p[0], p[1]))])),
            },
        })]),
    };

    private static (double Lng, double Lat) Centroid(double[][] ring)
    {
        // The area centroid of a simple polygon (shoelace); the ring is closed.
        double area = 0, x = 0, y = 0;
        for (var k = 0; k < ring.Length - 1; k++)
        {
            var cross = ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
            area += cross;
            x += (ring[k][0] + ring[k + 1][0]) * cross;
            y += (ring[k][1] + ring[k + 1][1]) * cross;
        }
        return (x / (3 * area), y / (3 * area));
    }

    private static List<DemoUser> BuildUsers(Faker faker, List<DemoUnit> units, List<DemoDepartment> departments)
    {
        string Name() => faker.Name.LastName() + faker.Name.FirstName();
        var users = new List<DemoUser>
        {
            new("admin", Name(), [StaffRole.SystemAdmin], [CityCode], []),
            new("wfadmin", Name(), [StaffRole.WorkflowAdmin], [CityCode], []),
            new("auditor", Name(), [StaffRole.Auditor], [CityCode], []),
            new("supervisor", Name(), [StaffRole.Supervisor], [CityCode], []),
            new("dispatcher", Name(), [StaffRole.Dispatcher], [CityCode], []),
            new("dispatcher2", Name(), [StaffRole.Dispatcher], [CityCode], []),
            new("hotline", Name(), [StaffRole.Dispatcher], [CityCode], []),
        };
        foreach (var (code, _, @short, _) in DistrictNames)
            users.Add(new($"supervisor.{@short.ToLowerInvariant()}", Name(), [StaffRole.Supervisor], [code], []));
        // A handler for every department: h.<department code in lower case>, e.g. h.lb-cg.
        foreach (var department in departments)
            users.Add(new($"h.{department.Code.ToLowerInvariant()}", Name(), [StaffRole.Handler], [], [department.Code]));
        // A grid worker per community: gw.<community code>, who sees the community's grids.
        foreach (var community in units.Where(u => u.Level == OrgLevel.Community))
            users.Add(new($"gw.{community.Code}", Name(), [StaffRole.GridWorker], [community.Code], []));
        return users;
    }
}
