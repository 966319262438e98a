using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Cases;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using CaseEntity = CaseHub.Cases.Features.Intake.Case;

namespace CaseHub.Web.Tests.Open311;

/// <summary>Open311 GeoReport v2 under /open311/v2, over HTTP and anonymously, in JSON and XML.</summary>
public abstract class Open311Tests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Key = "test-key-1";
    private ITestDatabase _database = null!;
    private CaseHubApp _app = null!;
    private HttpClient _public = null!;
    private HttpClient _admin = null!;
    private Guid _vendorsItem;
    private Guid _roads;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(provider);
        _app = new CaseHubApp(_database, settings: new Dictionary<string, string?>
        {
            ["Open311:ApiKeys:0"] = "other-key",
            ["Open311:ApiKeys:1"] = Key,
            ["Open311:Contact"] = "12345 市民服务热线",
        });
        _public = _app.CreateClient();
        _admin = _app.ClientFor("admin");
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>市容环卫 › 占道经营 › {流动摊贩 (active), 店外经营 (inactive)}; 水务 › 水管爆裂 (help requests only); a department.</summary>
    private async Task SeedAsync()
    {
        await using var db = _app.NewDbContext();
        Item Node(string code, string zh, int level, Item? parent, params CaseKind[] kinds) => new()
        {
            Id = Guid.NewGuid(), Code = code, NameZh = zh, NameEn = code, Level = level, ParentId = parent?.Id, Kinds = [.. kinds],
        };
        var city = Node("01", "市容环卫", 1, null);
        var street = Node("0101", "占道经营", 2, city);
        var vendors = Node("010101", "流动摊贩", 3, street, CaseKind.Complaint, CaseKind.Report);
        vendors.Keywords = ["摊贩", "摆摊"];
        vendors.DefaultGrade = CaseGrade.B;
        var shopfront = Node("010102", "店外经营", 3, street, CaseKind.Complaint);
        shopfront.IsActive = false;
        var water = Node("02", "水务", 1, null);
        var burst = Node("0201", "水管爆裂", 2, water, CaseKind.HelpRequest);
        var unit = new OrgUnit { Id = Guid.NewGuid(), Code = "3301", Name = "杭州市", Level = OrgLevel.City, Path = "/3301/" };
        var roads = new Department { Id = Guid.NewGuid(), Code = "roads", Name = "区建设局", OrgUnitId = unit.Id, Level = OrgLevel.City };
        db.AddRange(city, street, vendors, shopfront, water, burst, unit, roads);
        await db.SaveChangesAsync();
        _vendorsItem = vendors.Id;
        _roads = roads.Id;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    private static (string, string)[] GoodRequest(string serviceCode = "010101") =>
    [
        ("api_key", Key), ("service_code", serviceCode), ("lat", "30.2741"), ("long", "120.1551"),
        ("description", "北山街路口每天晚上有流动摊贩占道"), ("first_name", "三"), ("last_name", "张"), ("phone", "13812341234"),
        ("email", "zhang@example.com"), ("media_url", "https://img.example.com/p/1.jpg"), ("device_id", "dev-1"),
    ];

    private async Task<string> SubmitAsync(params (string, string)[] fields)
    {
        var response = await _public.PostAsync("/open311/v2/requests.json", Form(fields.Length == 0 ? GoodRequest() : fields));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement[0].GetProperty("service_request_id").GetString()!;
    }

    private async Task<JsonElement> JsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _public.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<XElement> XmlAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _public.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/xml");
        response.Content.Headers.ContentType?.CharSet.ShouldBe("utf-8");
        var document = XDocument.Parse(body);
        document.Declaration?.Encoding.ShouldBe("utf-8");
        return document.Root!;
    }

    /// <summary>The spec's error list: one {code, description} whose code is the status.</summary>
    private static async Task ShouldBeErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? mentions = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var error = JsonDocument.Parse(body).RootElement.EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("code").GetInt32().ShouldBe((int)status);
        if (mentions is not null)
            error.GetProperty("description").GetString()!.ShouldContain(mentions);
    }

    private async Task<int> CaseCountAsync()
    {
        await using var db = _app.NewDbContext();
        return await db.Set<CaseEntity>().CountAsync();
    }

    private async Task<CaseEntity> InsertCaseAsync(string trackingNumber, DateTimeOffset receivedAt, CaseStatus status = CaseStatus.New,
        Channel channel = Channel.Open311, Action<CaseEntity>? change = null)
    {
        await using var db = _app.NewDbContext();
        var c = new CaseEntity
        {
            Id = Guid.NewGuid(), TrackingNumber = trackingNumber, Channel = channel, Kind = CaseKind.Complaint, Status = status,
            Title = "流动摊贩", Description = "inserted " + trackingNumber, ItemId = _vendorsItem, ReceivedAt = receivedAt, UpdatedAt = receivedAt,
        };
        change?.Invoke(c);
        db.Add(c);
        await db.SaveChangesAsync();
        return c;
    }

    [Fact]
    public async Task Discovery_NamesTheSpecificationUrlAndBothFormats_InJsonAndXml()
    {
        var json = await JsonAsync("/open311/v2/discovery.json");
        json.GetProperty("contact").GetString().ShouldBe("12345 市民服务热线");
        json.TryGetProperty("changeset", out _).ShouldBeTrue();
        json.TryGetProperty("key_service", out _).ShouldBeTrue();
        var endpoint = json.GetProperty("endpoints").EnumerateArray().ShouldHaveSingleItem();
        endpoint.GetProperty("specification").GetString().ShouldBe("http://wiki.open311.org/GeoReport_v2");
        endpoint.GetProperty("url").GetString().ShouldEndWith("/open311/v2");
        endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()).ShouldBe(["application/json", "text/xml"], ignoreOrder: true);

        var xml = await XmlAsync("/open311/v2/discovery.xml");
        xml.Name.LocalName.ShouldBe("discovery");
        xml.Element("contact")!.Value.ShouldBe("12345 市民服务热线");
        var xmlEndpoint = xml.Element("endpoints")!.Elements("endpoint").ShouldHaveSingleItem();
        xmlEndpoint.Element("specification")!.Value.ShouldBe("http://wiki.open311.org/GeoReport_v2");
        xmlEndpoint.Element("formats")!.Elements("format").Select(f => f.Value).ShouldBe(["application/json", "text/xml"], ignoreOrder: true);
    }

    [Fact]
    public async Task Services_AreTheActiveLeaves_GroupedByTheirLevel1Ancestor_InJsonAndXml()
    {
        var json = await JsonAsync("/open311/v2/services.json");
        json.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()).ShouldBe(["010101", "0201"]);
        var vendors = json[0];
        vendors.GetProperty("service_name").GetString().ShouldBe("流动摊贩");
        vendors.GetProperty("group").GetString().ShouldBe("市容环卫");
        vendors.GetProperty("keywords").GetString().ShouldBe("摊贩,摆摊");
        vendors.GetProperty("metadata").GetBoolean().ShouldBeFalse();
        vendors.GetProperty("type").GetString().ShouldBe("realtime");
        vendors.GetProperty("description").GetString().ShouldBe("市容环卫 / 占道经营 / 流动摊贩");

        var xml = await XmlAsync("/open311/v2/services.xml");
        xml.Name.LocalName.ShouldBe("services");
        var services = xml.Elements("service").ToList();
        services.Select(s => s.Element("service_code")!.Value).ShouldBe(["010101", "0201"]);
        services[1].Element("group")!.Value.ShouldBe("水务");
        services[0].Element("metadata")!.Value.ShouldBe("false");
        foreach (var name in new[] { "service_name", "description", "type", "keywords" })
            services[0].Element(name).ShouldNotBeNull(name);
    }

    [Fact]
    public async Task ServiceDefinition_HasNoAttributes_AndAnUnknownOrNonLeafCodeIs404()
    {
        var json = await JsonAsync("/open311/v2/services/010101.json");
        json.GetProperty("service_code").GetString().ShouldBe("010101");
        json.GetProperty("attributes").GetArrayLength().ShouldBe(0);

        var xml = await XmlAsync("/open311/v2/services/010101.xml");
        xml.Name.LocalName.ShouldBe("service_definition");
        xml.Element("service_code")!.Value.ShouldBe("010101");
        xml.Element("attributes")!.HasElements.ShouldBeFalse();

        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/services/9999.json"), HttpStatusCode.NotFound);
        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/services/0101.json"), HttpStatusCode.NotFound); // not a leaf
        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/services/010102.json"), HttpStatusCode.NotFound); // inactive
        var error = await XmlAsync("/open311/v2/services/9999.xml", HttpStatusCode.NotFound);
        error.Name.LocalName.ShouldBe("errors");
        var item = error.Elements("error").ShouldHaveSingleItem();
        item.Element("code")!.Value.ShouldBe("404");
        item.Element("description")!.Value.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task PostingAFormEncodedRequest_CreatesAnOpen311CaseOnTheServicesItem()
    {
        var response = await _public.PostAsync("/open311/v2/requests.json", Form(GoodRequest()));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var answer = JsonDocument.Parse(body).RootElement.EnumerateArray().ShouldHaveSingleItem();
        var id = answer.GetProperty("service_request_id").GetString()!;
        id.ShouldBe("2025030300001");
        answer.GetProperty("service_notice").GetString()!.ShouldContain(id);
        answer.TryGetProperty("account_id", out _).ShouldBeTrue();

        var stored = await (await _admin.GetAsync($"/api/cases/{id}")).ReadAsync<CaseDto>();
        stored.Channel.ShouldBe("Open311");
        stored.Kind.ShouldBe("Complaint");
        stored.Grade.ShouldBe("B"); // the item's default grade
        stored.Title.ShouldBe("流动摊贩");
        stored.ItemId.ShouldBe(_vendorsItem);
        stored.Description.ShouldBe("北山街路口每天晚上有流动摊贩占道");
        stored.Latitude.ShouldBe(30.2741);
        stored.Longitude.ShouldBe(120.1551);
        stored.Complainant.Name.ShouldBe("张*");
        stored.Complainant.Phone.ShouldBe("138****1234");
        var media = stored.Attachments.ShouldHaveSingleItem();
        media.Url.ShouldBe("https://img.example.com/p/1.jpg");
        media.FileName.ShouldBe("1.jpg");
        media.ContentType.ShouldBe("image/jpeg");
    }

    [Fact]
    public async Task AServiceOnlyForHelpRequests_AndAnAddressInsteadOfCoordinates_MakeAHelpRequestWithThatAddress()
    {
        var id = await SubmitAsync(("api_key", Key), ("service_code", "0201"), ("address_id", "西湖区北山街 12 号"));

        var stored = await (await _admin.GetAsync($"/api/cases/{id}")).ReadAsync<CaseDto>();
        stored.Kind.ShouldBe("HelpRequest");
        stored.Address.ShouldBe("西湖区北山街 12 号");
        stored.Latitude.ShouldBeNull();
        stored.Description.ShouldBe("水管爆裂"); // no description: the service name stands in
    }

    [Fact]
    public async Task PostingInXml_AnswersWithAToken_ThatTokensMapsToTheServiceRequestId()
    {
        var response = await _public.PostAsync("/open311/v2/requests.xml", Form(GoodRequest()));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var root = XDocument.Parse(body).Root!;
        root.Name.LocalName.ShouldBe("service_requests");
        var request = root.Elements("request").ShouldHaveSingleItem();
        var id = request.Element("service_request_id")!.Value;
        var token = request.Element("token")!.Value;
        request.Element("service_notice").ShouldNotBeNull();
        request.Element("account_id").ShouldNotBeNull();

        var json = await JsonAsync($"/open311/v2/tokens/{token}.json");
        var mapped = json.EnumerateArray().ShouldHaveSingleItem();
        mapped.GetProperty("service_request_id").GetString().ShouldBe(id);
        mapped.GetProperty("token").GetString().ShouldBe(token);
        var xml = await XmlAsync($"/open311/v2/tokens/{token}.xml");
        xml.Elements("request").ShouldHaveSingleItem().Element("service_request_id")!.Value.ShouldBe(id);
        await ShouldBeErrorAsync(await _public.GetAsync($"/open311/v2/tokens/{Guid.NewGuid()}.json"), HttpStatusCode.NotFound);
        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/tokens/not-a-token.json"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AMissingOrUnknownApiKey_Is403_AndWritesNothing()
    {
        var withoutKey = GoodRequest().Where(f => f.Item1 != "api_key").ToArray();
        await ShouldBeErrorAsync(await _public.PostAsync("/open311/v2/requests.json", Form(withoutKey)), HttpStatusCode.Forbidden, "api_key");
        await ShouldBeErrorAsync(await _public.PostAsync("/open311/v2/requests.json", Form([.. withoutKey, ("api_key", "test-key-")])),
            HttpStatusCode.Forbidden, "api_key");
        (await CaseCountAsync()).ShouldBe(0);
    }

    /// <summary>The same database behind an app with small Open311 allowances.</summary>
    private CaseHubApp AppWithAllowances(int submissionsPerMinute, int readsPerMinute) => new(_database, settings: new Dictionary<string, string?>
    {
        ["Open311:ApiKeys:0"] = "other-key",
        ["Open311:ApiKeys:1"] = Key,
        ["Open311:SubmissionsPerMinute"] = submissionsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Open311:ReadsPerMinute"] = readsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task Submissions_BeyondTheKeysAllowance_Are429InTheSpecsFormat_AndWriteNothing()
    {
        await using var app = AppWithAllowances(submissionsPerMinute: 2, readsPerMinute: 100);
        using var client = app.CreateClient();
        for (var i = 0; i < 2; i++)
            (await client.PostAsync("/open311/v2/requests.json", Form(GoodRequest()))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await client.PostAsync("/open311/v2/requests.json", Form(GoodRequest()));
        refused.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromMinutes(1));
        await ShouldBeErrorAsync(refused, HttpStatusCode.TooManyRequests, "api_key");
        var refusedXml = await client.PostAsync("/open311/v2/requests.xml", Form(GoodRequest()));
        refusedXml.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        XDocument.Parse(await refusedXml.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("code")!.Value.ShouldBe("429");
        (await CaseCountAsync()).ShouldBe(2);

        // The allowance is the key's: another client's key still submits, and reading needs no allowance of the key.
        (await client.PostAsync("/open311/v2/requests.json", Form([.. GoodRequest().Where(f => f.Item1 != "api_key"), ("api_key", "other-key")])))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/open311/v2/services.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CaseCountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task Reads_BeyondTheAddresssAllowance_Are429InTheSpecsFormat()
    {
        await using var app = AppWithAllowances(submissionsPerMinute: 100, readsPerMinute: 3);
        using var client = app.CreateClient();
        (await client.GetAsync("/open311/v2/discovery.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/open311/v2/services.xml")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/open311/v2/requests.json")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ShouldBeErrorAsync(await client.GetAsync("/open311/v2/requests.json"), HttpStatusCode.TooManyRequests, "reads");
        var xml = await client.GetAsync("/open311/v2/services.xml");
        xml.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!.Name.LocalName.ShouldBe("errors");
        // Submitting is counted by key, not by the reads of the address.
        (await client.PostAsync("/open311/v2/requests.json", Form(GoodRequest()))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ErrorsStayEnglish_ForAClientWhoseLocaleIsChinese()
    {
        // The same bad latitude through the staff API answers in Chinese to such a caller (LanguageTests); Open311 does not.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.json")
        {
            Content = Form([.. GoodRequest().Where(f => f.Item1 != "lat"), ("lat", "95")]),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await _public.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var description = JsonDocument.Parse(body).RootElement.EnumerateArray().Single().GetProperty("description").GetString()!;
        description.ShouldContain("lat");
        description.ShouldNotMatch(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public async Task AMissingOrUnknownServiceCode_NoLocation_OrABadField_Is400WithCode400_AndWritesNothing()
    {
        (string, string)[] Without(string name) => [.. GoodRequest().Where(f => f.Item1 != name)];
        (string, string)[] With(string name, string value) => [.. Without(name), (name, value)];
        async Task Rejects((string, string)[] fields, string mentions) =>
            await ShouldBeErrorAsync(await _public.PostAsync("/open311/v2/requests.json", Form(fields)), HttpStatusCode.BadRequest, mentions);

        await Rejects(Without("service_code"), "service_code");
        await Rejects(With("service_code", "9999"), "service_code");
        await Rejects(With("service_code", "010102"), "service_code"); // inactive
        await Rejects(With("service_code", "0101"), "service_code"); // not a leaf
        await Rejects(Without("lat").Where(f => f.Item1 != "long").ToArray(), "location");
        await Rejects(Without("long"), "long");
        await Rejects(With("lat", "north"), "lat");
        await Rejects(With("lat", "95"), "lat");
        await Rejects(With("phone", "call me"), "phone");
        await Rejects(With("media_url", "file:///etc/passwd"), "media_url");
        await Rejects(With("description", new string('长', 4001)), "description");

        var json = await _public.PostAsync("/open311/v2/requests.json", JsonContent.Create(new { api_key = Key, service_code = "010101", lat = 30.2, @long = 120.1 }));
        await ShouldBeErrorAsync(json, HttpStatusCode.BadRequest, "x-www-form-urlencoded");
        (await CaseCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task OpenRequests_NeedNoSignIn_ButUnknownFormatsAre404()
    {
        (await _public.GetAsync("/open311/v2/services.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _public.GetAsync("/api/cases/2025030300001")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/services.csv"), HttpStatusCode.NotFound, "format");
    }

    [Fact]
    public async Task ARequest_ShowsEveryFieldTheSpecNames_InJsonAndXml()
    {
        var id = await SubmitAsync();

        var json = (await JsonAsync($"/open311/v2/requests/{id}.json")).EnumerateArray().ShouldHaveSingleItem();
        json.GetProperty("service_request_id").GetString().ShouldBe(id);
        json.GetProperty("status").GetString().ShouldBe("open");
        json.GetProperty("status_notes").GetString().ShouldBe("已受理");
        json.GetProperty("service_code").GetString().ShouldBe("010101");
        json.GetProperty("service_name").GetString().ShouldBe("流动摊贩");
        json.GetProperty("description").GetString().ShouldBe("北山街路口每天晚上有流动摊贩占道");
        json.GetProperty("requested_datetime").GetString().ShouldBe("2025-03-03T09:00:00+08:00");
        json.GetProperty("updated_datetime").GetString().ShouldBe("2025-03-03T09:00:00+08:00");
        json.GetProperty("lat").GetDouble().ShouldBe(30.2741);
        json.GetProperty("long").GetDouble().ShouldBe(120.1551);
        json.GetProperty("media_url").GetString().ShouldBe("https://img.example.com/p/1.jpg");
        json.GetProperty("zipcode").GetString().ShouldBe("");
        foreach (var name in new[] { "agency_responsible", "service_notice", "expected_datetime", "address", "address_id" })
            json.TryGetProperty(name, out _).ShouldBeTrue(name);
        json.TryGetProperty("phone", out _).ShouldBeFalse(); // no personal data in public answers
        json.ToString().ShouldNotContain("13812341234");

        var xml = await XmlAsync($"/open311/v2/requests/{id}.xml");
        xml.Name.LocalName.ShouldBe("service_requests");
        var request = xml.Elements("request").ShouldHaveSingleItem();
        foreach (var name in new[] { "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
                     "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url" })
            request.Element(name).ShouldNotBeNull(name);
        request.Element("service_request_id")!.Value.ShouldBe(id);
        request.Element("lat")!.Value.ShouldBe("30.2741");

        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/requests/2099010100001.json"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Statuses_MapToOpenOrClosed_WithTheDepartmentAndTheCaseAMergedOneWentInto()
    {
        var now = _app.Time.GetUtcNow();
        var parent = await InsertCaseAsync("P1", now.AddHours(-5), CaseStatus.Dispatched,
            change: c => { c.DepartmentId = _roads; c.DueAt = now.AddDays(15); });
        await InsertCaseAsync("M1", now.AddHours(-4), CaseStatus.Merged, change: c => c.DuplicateOfId = parent.Id);
        await InsertCaseAsync("X1", now.AddHours(-3), CaseStatus.Cancelled);
        await InsertCaseAsync("C1", now.AddHours(-2), CaseStatus.Closed);
        await InsertCaseAsync("D1", now.AddHours(-1), CaseStatus.Completed);

        var all = (await JsonAsync("/open311/v2/requests.json")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("service_request_id").GetString()!);

        all["P1"].GetProperty("status").GetString().ShouldBe("open");
        all["P1"].GetProperty("agency_responsible").GetString().ShouldBe("区建设局");
        all["P1"].GetProperty("expected_datetime").GetString().ShouldBe("2025-03-18T09:00:00+08:00");
        all["D1"].GetProperty("status").GetString().ShouldBe("open");
        all["M1"].GetProperty("status").GetString().ShouldBe("closed");
        all["M1"].GetProperty("status_notes").GetString().ShouldBe("合并到 P1");
        all["X1"].GetProperty("status").GetString().ShouldBe("closed");
        all["C1"].GetProperty("status").GetString().ShouldBe("closed");

        (await JsonAsync("/open311/v2/requests.json?status=open")).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString())
            .ShouldBe(["D1", "P1"]);
        (await JsonAsync("/open311/v2/requests.json?status=closed")).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString())
            .ShouldBe(["C1", "X1", "M1"]);
        (await JsonAsync("/open311/v2/requests.json?status=open,closed")).GetArrayLength().ShouldBe(5);
        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/requests.json?status=pending"), HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task GetRequests_FiltersByIdsServiceCodeAndDates_DefaultsToTheLast90Days_AndRefusesLongerWindows()
    {
        var first = await SubmitAsync();
        _app.Time.Advance(TimeSpan.FromDays(1));
        var second = await SubmitAsync(("api_key", Key), ("service_code", "0201"), ("address_string", "北山街 1 号"));
        _app.Time.Advance(TimeSpan.FromDays(1));
        var third = await SubmitAsync();
        var now = _app.Time.GetUtcNow();
        await InsertCaseAsync("OLD", now.AddDays(-100));
        await InsertCaseAsync("HOTLINE", now.AddHours(-1), channel: Channel.Hotline);
        async Task<string?[]> Ids(string query) =>
            (await JsonAsync("/open311/v2/requests.json" + query)).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).ToArray();

        (await Ids("")).ShouldBe([third, second, first]); // newest first; older than 90 days and other channels left out
        (await Ids($"?service_request_id={first},OLD,HOTLINE")).ShouldBe([first, "OLD"]); // ids override the date window
        (await Ids("?service_code=0201")).ShouldBe([second]);
        (await Ids("?service_code=010101")).ShouldBe([third, first]);
        (await Ids("?service_code=9999")).ShouldBeEmpty();
        (await Ids("?start_date=2025-03-04T00:00:00%2B08:00")).ShouldBe([third, second]);
        (await Ids("?end_date=2025-03-04T00:00:00%2B08:00")).ShouldBe([first]);
        (await Ids("?start_date=2025-03-04T00:00:00&end_date=2025-03-05T00:00:00")).ShouldBe([second]); // no offset: Beijing time
        (await Ids("?start_date=2025-03-03T16:00:00Z&end_date=2025-03-04T16:00:00Z")).ShouldBe([second]);
        (await Ids("?start_date=2024-11-01T00:00:00%2B08:00&end_date=2025-01-30T00:00:00%2B08:00")).ShouldBe(["OLD"]);

        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/requests.json?start_date=2024-11-01T00:00:00Z&end_date=2025-03-01T00:00:00Z"),
            HttpStatusCode.BadRequest, "90");
        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/requests.json?start_date=2025-03-05T00:00:00Z&end_date=2025-03-04T00:00:00Z"),
            HttpStatusCode.BadRequest, "end_date");
        await ShouldBeErrorAsync(await _public.GetAsync("/open311/v2/requests.json?start_date=yesterday"), HttpStatusCode.BadRequest, "start_date");

        var xml = await XmlAsync("/open311/v2/requests.xml?service_code=0201");
        xml.Name.LocalName.ShouldBe("service_requests");
        xml.Elements("request").ShouldHaveSingleItem().Element("address")!.Value.ShouldBe("北山街 1 号");
    }

    [Fact]
    public async Task GetRequests_ReturnsAtMost1000_NewestFirst()
    {
        var now = _app.Time.GetUtcNow();
        await using (var db = _app.NewDbContext())
        {
            for (var i = 0; i < 1005; i++)
            {
                var at = now.AddMinutes(-i - 1);
                db.Add(new CaseEntity
                {
                    Id = Guid.NewGuid(), TrackingNumber = $"T{i:D5}", Channel = Channel.Open311, Kind = CaseKind.Complaint,
                    Title = "流动摊贩", Description = "bulk", ItemId = _vendorsItem, ReceivedAt = at, UpdatedAt = at,
                });
            }
            await db.SaveChangesAsync();
        }

        var all = (await JsonAsync("/open311/v2/requests.json")).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).ToList();

        all.Count.ShouldBe(1000);
        all[0].ShouldBe("T00000");
        all[999].ShouldBe("T00999");
    }
}

public sealed class Open311Tests_Sqlite() : Open311Tests(DatabaseProvider.Sqlite);

public sealed class Open311Tests_Postgres() : Open311Tests(DatabaseProvider.Postgres);
