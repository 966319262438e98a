using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Items;

namespace CaseHub.Cases.Features.Demo;

/// <summary>
/// Who handles each leaf of the shipped item list in 临江市 (确权责任清单): a city department anywhere, or the
/// district's own department in each district, with street overrides where the street's 综合执法队 or 社区服务中心
/// deals with it first. The longest matching code prefix decides.
/// </summary>
public static class DemoResponsibilities
{
    private enum Level { City, District }

    /// <summary>Code prefix, the level and kind of the responsible department, and an optional street override kind.</summary>
    private static readonly (string Prefix, Level Level, string Key, string? StreetKey)[] Map =
    [
        ("0101", Level.District, "CG", null),          // 市容环境: 占道经营, 广告, 垃圾 → 城管
        ("01010101", Level.District, "CG", "ZF"),      // 流动摊贩 → 街道综合执法队 first
        ("01010202", Level.District, "CG", "ZF"),      // 小广告 → 街道综合执法队
        ("01010303", Level.District, "CG", "FW"),      // 垃圾分类 → 社区服务中心
        ("0102", Level.District, "ZJ", null),          // 道路、井盖 → 住建
        ("010203", Level.District, "CG", null),        // 路灯 → 城管
        ("010204", Level.City, "SW", null),            // 排水、积水 → 水务
        ("0103", Level.District, "CG", null),          // 违法建设 → 城管
        ("01030101", Level.District, "CG", "ZF"),      // 私搭乱建 → 街道综合执法队
        ("010302", Level.District, "ZJ", null),        // 房屋安全 → 住建
        ("0104", Level.City, "JT", null),              // 共享单车 → 交通运输
        ("01040101", Level.City, "JT", "ZF"),          // 乱停放 → 街道综合执法队
        ("0105", Level.District, "CG", null),          // 园林绿化 → 城管
        ("02010101", Level.District, "GA", null),      // 社会生活噪音 → 公安
        ("02010102", Level.District, "HB", null),      // 商业经营噪音 → 生态环境
        ("02010103", Level.District, "HB", null),      // 建筑施工噪音 → 生态环境
        ("02010104", Level.City, "GA", null),          // 交通噪音 → 市公安局（交警）
        ("020102", Level.District, "GA", null),        // 公园扰民、广场舞 → 公安
        ("02020101", Level.District, "HB", null),      // 餐饮油烟 → 生态环境
        ("02020102", Level.District, "CG", "ZF"),      // 露天烧烤 → 城管 / 街道综合执法队
        ("02020201", Level.District, "ZJ", null),      // 工地扬尘 → 住建
        ("02020202", Level.District, "HB", null),      // 露天焚烧 → 生态环境
        ("0203", Level.City, "SW", null),              // 河道 → 水务
        ("0301", Level.District, "ZJ", null),          // 物业 → 住建
        ("03010101", Level.District, "ZJ", "FW"),      // 物业服务 → 社区服务中心 first
        ("03010104", Level.District, "ZJ", "FW"),      // 楼上漏水 → 社区服务中心 first
        ("030102", Level.City, "ZJ", null),            // 维修资金 → 市住建局
        ("0302", Level.City, "ZJ", null),              // 供暖 → 市住建局
        ("03030101", Level.City, "XF", "ZF"),          // 楼道充电 → 消防 / 街道综合执法队
        ("03030102", Level.District, "ZJ", "FW"),      // 充电设施 → 住建 / 社区服务中心
        ("040101", Level.City, "ZLS", null),           // 停水、水压 → 自来水公司
        ("04010103", Level.City, "SW", null),          // 水质 → 水务
        ("0402", Level.City, "GD", null),              // 停电 → 供电公司
        ("0403", Level.City, "RQ", null),              // 燃气 → 燃气集团
        ("04030102", Level.District, "SJ", null),      // 瓶装燃气 → 市场监管
        ("05", Level.District, "RS", null),            // 劳动保障 → 人社
        ("050201", Level.City, "YB", null),            // 医保 → 医保局
        ("06", Level.City, "JT", null),                // 交通运输 → 交通运输局
        ("0603", Level.District, "GA", null),          // 停车 → 公安（交警）
        ("07", Level.District, "JY", null),            // 教育 → 区教育局
        ("08", Level.District, "SJ", null),            // 市场监管 → 区市场监管局
        ("08030101", Level.District, "SJ", "ZF"),      // 无照经营 → 街道综合执法队 first
        ("0901", Level.District, "GA", null),          // 养犬 → 公安
        ("0902", Level.City, "TY", null),              // 体育设施 → 体育局
        ("09020102", Level.City, "TY", "FW"),          // 健身器材损坏 → 社区服务中心
        ("0903", Level.City, "XF", null),              // 消防 → 消防救援支队
        ("10", Level.City, "WJ", null),                // 卫生健康 → 卫健委
    ];

    /// <summary>The rules for one leaf item as the item import reads them: <c>[{orgUnitCode, departmentCode, priority}]</c>.</summary>
    public static JsonArray RulesFor(string itemCode, DemoCity city)
    {
        var rules = new JsonArray();
        var match = Map.Where(m => itemCode.StartsWith(m.Prefix, StringComparison.Ordinal)).MaxBy(m => m.Prefix.Length);
        if (match.Prefix is null)
            return rules;
        if (match.Level == Level.City)
            rules.Add(Rule(null, $"LJ-{match.Key}"));
        else
        {
            // The district's own department in each district, and the city's as the fallback anywhere else.
            if (city.Departments.Any(d => d.Code == $"LJ-{match.Key}"))
                rules.Add(Rule(null, $"LJ-{match.Key}"));
            foreach (var district in city.Units.Where(u => u.Level == Organisation.OrgLevel.District))
            {
                var department = city.Departments.Single(d => d.OrgUnitCode == district.Code && d.Key == match.Key);
                rules.Add(Rule(district.Code, department.Code));
            }
        }
        if (match.StreetKey is { } streetKey)
        {
            foreach (var department in city.Departments.Where(d => d.Key == streetKey && d.OrgUnitCode.Length == 9))
                rules.Add(Rule(department.OrgUnitCode, department.Code));
        }
        return rules;
    }

    /// <summary>The shipped item list (<see cref="SeedItems"/>) with the demo rules on every leaf, as JSON for the item import.</summary>
    public static byte[] ItemListWithRules(DemoCity city)
    {
        var items = JsonNode.Parse(SeedItems.Json())!.AsArray();
        foreach (var item in items.OfType<JsonObject>())
        {
            var code = (string)item["code"]!;
            var isLeaf = !items.OfType<JsonObject>().Any(other => (string?)other["parentCode"] == code);
            if (isLeaf)
                item["rules"] = RulesFor(code, city);
        }
        return System.Text.Encoding.UTF8.GetBytes(items.ToJsonString());
    }

    private static JsonObject Rule(string? orgUnitCode, string departmentCode) =>
        new() { ["orgUnitCode"] = orgUnitCode, ["departmentCode"] = departmentCode, ["priority"] = 0 };
}
