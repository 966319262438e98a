using System.Globalization;
using Bogus;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;

namespace CaseHub.Cases.Features.Demo;

/// <summary>A leaf item as the demo writes complaints about it.</summary>
public sealed record DemoItem(string Code, string NameZh, IReadOnlyList<string> Keywords, IReadOnlyList<CaseKind> Kinds);

/// <summary>One made-up complaint: what a citizen or grid worker would send to the intake.</summary>
public sealed record DemoComplaint(Channel Channel, CaseKind Kind, string Title, string Description, double Lat, double Lng, string Address,
    string ComplainantName, string Phone, DemoItem Item, DemoGrid Grid)
{
    public IntakeRequest ToRequest(string? externalId, DateTimeOffset? occurredAt) => new(
        Channel.ToString(), externalId, Kind.ToString(), Title, Description,
        new IntakeLocation(Lat, Lng, Address), new IntakeComplainant(ComplainantName, Phone, null), occurredAt, null);
}

/// <summary>
/// Writes plausible complaints (zh-CN) for the demo and the benchmarks: the item's name and two of its keywords are
/// in the text, so the classifier finds the item, and the point lies inside the grid, so the locator finds it.
/// </summary>
public sealed class DemoComplaints(DemoCity city, IReadOnlyList<DemoItem> items, int seed)
{
    private static readonly string[] Openings = ["市民来电反映：", "群众反映：", "来电人称，", "市民通过APP反映，", "网格员巡查发现，"];
    private static readonly string[] Asks = ["请相关部门尽快处理。", "希望尽快解决。", "已反映多次未果，请督促处理。", "请核实并答复。", "影响居民正常生活，请处理。"];
    private static readonly string[] Places = ["小区门口", "菜市场旁", "学校附近", "公交站旁", "路口东侧", "楼下", "商业街", "公园南门"];

    private readonly Faker _faker = new("zh_CN") { Random = new Randomizer(seed) };

    public Randomizer Random => _faker.Random;

    /// <summary>Hotline most, then the app, patrols, sensors and the rest; enquiries mostly by phone.</summary>
    public Channel PickChannel(CaseKind kind) => kind == CaseKind.Enquiry
        ? _faker.Random.WeightedRandom([Channel.Hotline, Channel.CitizenApp], [0.85f, 0.15f])
        : _faker.Random.WeightedRandom(
            [Channel.Hotline, Channel.CitizenApp, Channel.GridPatrol, Channel.Sensor, Channel.PublicOpinion, Channel.Whistle],
            [0.50f, 0.20f, 0.17f, 0.05f, 0.05f, 0.03f]);

    public DemoComplaint Next()
    {
        // A few items draw most calls, as on a real hotline: the first third of the list is three times as likely.
        var item = _faker.Random.Bool(0.5f) ? items[_faker.Random.Int(0, items.Count / 3)] : _faker.Random.ListItem(items.ToList());
        var grid = _faker.Random.ListItem(city.Grids.ToList());
        var kind = _faker.Random.ListItem(item.Kinds.Count > 0 ? item.Kinds.ToList() : [CaseKind.Complaint]);
        var channel = PickChannel(kind);
        // Near the grid's centre: well inside it, since the cells are about 400 m × 330 m and the corners move at most 20 %.
        var lng = grid.CentreLng + _faker.Random.Double(-0.2, 0.2) * DemoCity.CellLng;
        var lat = grid.CentreLat + _faker.Random.Double(-0.2, 0.2) * DemoCity.CellLat;
        var keywords = item.Keywords.Count > 0 ? _faker.Random.ListItems(item.Keywords.ToList(), Math.Min(2, item.Keywords.Count)) : [];
        var place = _faker.Random.ArrayElement(Places);
        var community = city.Units.First(u => u.Code == grid.CommunityCode);
        var street = city.Units.First(u => u.Code == grid.StreetCode);
        var district = city.Units.First(u => u.Code == grid.DistrictCode);
        var building = _faker.Random.Int(1, 40).ToString(CultureInfo.InvariantCulture);
        var address = $"{district.Name}{street.Name}{community.Name}{building}号楼{place}";
        var title = $"{community.Name}{place}{item.NameZh}";
        var description = $"{_faker.Random.ArrayElement(Openings)}{address}{item.NameZh}，{string.Join("、", keywords)}问题持续{_faker.Random.Int(1, 14)}天。{_faker.Random.ArrayElement(Asks)}";
        var name = _faker.Name.LastName() + _faker.Name.FirstName();
        var phone = "1" + _faker.Random.ArrayElement(["3", "5", "8"]) + _faker.Random.ReplaceNumbers("#########");
        return new DemoComplaint(channel, kind, title.Length > 200 ? title[..200] : title, description, Math.Round(lat, 6), Math.Round(lng, 6), address, name, phone, item, grid);
    }
}
