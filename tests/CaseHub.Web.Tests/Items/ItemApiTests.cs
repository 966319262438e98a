using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Features.Items;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Items;

/// <summary>The item list's HTTP API: import, validation, export round trip, and classification, once per provider.</summary>
public abstract class ItemApiTests(DatabaseProvider provider) : AppTest(provider), IAsyncLifetime
{
    private const string Header = "code,parent_code,level,name_zh,name_en,kinds,grade,keywords,completion_days,rules";
    private const string Barbecue = "02020102", Fumes = "02020101", Road = "01020101";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        // Rules need org units and departments; the organisation import is not what is under test here.
        await using var db = App.NewDbContext();
        var city = new OrgUnit { Id = Guid.NewGuid(), Code = "4401", Name = "示例市", Level = OrgLevel.City, Path = "/4401/" };
        var district = new OrgUnit { Id = Guid.NewGuid(), Code = "440103", Name = "示例区", Level = OrgLevel.District, ParentId = city.Id, Path = "/4401/440103/" };
        db.AddRange(city, district,
            new Department { Id = Guid.NewGuid(), Code = "CG", Name = "市城市管理局", OrgUnitId = city.Id, Level = OrgLevel.City },
            new Department { Id = Guid.NewGuid(), Code = "HB", Name = "区生态环境局", OrgUnitId = district.Id, Level = OrgLevel.District });
        await db.SaveChangesAsync();
    }

    private static ByteArrayContent File(string text, string contentType) =>
        new(Encoding.UTF8.GetBytes(text)) { Headers = { ContentType = new(contentType) } };

    private Task<HttpResponseMessage> ImportAsync(string format, string text) =>
        Admin.PostAsync($"/api/items/import?format={format}", File(text, format == "csv" ? "text/csv" : "application/json"));

    private async Task<ItemImportResult> ImportSeedAsync() =>
        await (await Admin.PostAsync("/api/items/import?format=json", new ByteArrayContent(SeedItems.Json()))).ReadAsync<ItemImportResult>();

    private async Task<int> ItemCountAsync()
    {
        await using var db = App.NewDbContext();
        return await db.Set<Item>().CountAsync();
    }

    private async Task<List<ClassifySuggestion>> ClassifyAsync(string text, int top = 5, CaseKind? kind = null) =>
        await (await Admin.PostJsonAsync("/api/items/classify", new ClassifyRequest(text, kind, top))).ReadAsync<List<ClassifySuggestion>>();

    private static string[] ErrorKeys(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private const string SmallTree = """
        [
          { "code": "01", "nameZh": "城市管理", "nameEn": "City management" },
          { "code": "0101", "parentCode": "01", "nameZh": "市容环境", "nameEn": "City appearance" },
          { "code": "010101", "parentCode": "0101", "nameZh": "占道经营", "nameEn": "Street occupation" },
          { "code": "01010101", "parentCode": "010101", "level": 4, "nameZh": "流动摊贩占道经营", "nameEn": "Mobile vendors",
            "kinds": ["Complaint", "举报"], "defaultGrade": "B", "keywords": ["摊贩", "摆摊"],
            "timeLimits": { "dispatchMinutes": 30, "completionWorkingDays": 15 },
            "rules": [ { "orgUnitCode": null, "departmentCode": "CG" }, { "orgUnitCode": "440103", "departmentCode": "HB", "priority": 5 } ] }
        ]
        """;

    [Fact]
    public async Task ImportJson_CreatesTheTree_AndTheLeafWithItsRules()
    {
        var result = await (await ImportAsync("json", SmallTree)).ReadAsync<ItemImportResult>();

        result.ShouldBe(new ItemImportResult(4, 0, 4));
        var leaf = await (await Admin.GetAsync("/api/items/01010101")).ReadAsync<ItemDetail>();
        leaf.Item.ParentCode.ShouldBe("010101");
        leaf.Item.Level.ShouldBe(4);
        leaf.Item.IsLeaf.ShouldBeTrue();
        leaf.Item.Kinds.ShouldBe([CaseKind.Complaint, CaseKind.Report]);
        leaf.Item.DefaultGrade.ShouldBe(CaseGrade.B);
        leaf.Item.TimeLimits.CompletionWorkingDays.ShouldBe(15);
        leaf.Rules.ShouldBe([new RuleDto("440103", "HB", 5), new RuleDto(null, "CG", 0)]);
        var parent = await (await Admin.GetAsync("/api/items/010101")).ReadAsync<ItemDetail>();
        parent.ChildCodes.ShouldBe(["01010101"]);
        parent.Item.IsLeaf.ShouldBeFalse();
    }

    [Fact]
    public async Task ImportAgain_UpdatesByCode_AndReplacesTheRules()
    {
        await (await ImportAsync("json", SmallTree)).ReadAsync<ItemImportResult>();
        var changed = SmallTree.Replace("流动摊贩占道经营", "流动摊贩", StringComparison.Ordinal)
            .Replace("""[ { "orgUnitCode": null, "departmentCode": "CG" }, { "orgUnitCode": "440103", "departmentCode": "HB", "priority": 5 } ]""",
                """[ { "orgUnitCode": "440103", "departmentCode": "CG" } ]""", StringComparison.Ordinal);

        var result = await (await ImportAsync("json", changed)).ReadAsync<ItemImportResult>();

        result.ShouldBe(new ItemImportResult(0, 4, 4));
        var leaf = await (await Admin.GetAsync("/api/items/01010101")).ReadAsync<ItemDetail>();
        leaf.Item.NameZh.ShouldBe("流动摊贩");
        leaf.Rules.ShouldBe([new RuleDto("440103", "CG", 0)]);
        (await ItemCountAsync()).ShouldBe(4);
    }

    private async Task<(ItemDetail Detail, string ETag)> ReadItemAsync(string code)
    {
        var response = await Admin.GetAsync($"/api/items/{code}");
        var detail = await response.ReadAsync<ItemDetail>();
        return (detail, response.Headers.ETag!.Tag);
    }

    private Task<HttpResponseMessage> PutItemAsync(string code, object body, string? etag)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/items/{code}") { Content = JsonContent.Create(body, options: CaseHubApp.Json) };
        if (etag is not null)
            put.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return Admin.SendAsync(put);
    }

    private static object Vendors(string nameZh, params object[] rules) => new
    {
        parentCode = "010101", nameZh, nameEn = "Mobile vendors", kinds = new[] { "Complaint" }, defaultGrade = "A",
        keywords = new[] { "摊贩", "夜市" }, timeLimits = new { completionWorkingDays = 5, acceptWorkingHours = 2 }, rules,
    };

    [Fact]
    public async Task SaveItem_ReplacesItWithTheETagItWasReadWith_AndAStaleOrMissingOneIs409()
    {
        await (await ImportAsync("json", SmallTree)).ReadAsync<ItemImportResult>();
        var (_, etag) = await ReadItemAsync("01010101");

        var saved = await PutItemAsync("01010101", Vendors("流动摊贩", new { orgUnitCode = "440103", departmentCode = "HB", priority = 1 }), etag);

        var detail = await saved.ReadAsync<ItemDetail>();
        detail.Item.NameZh.ShouldBe("流动摊贩");
        detail.Item.Kinds.ShouldBe([CaseKind.Complaint]);
        detail.Item.DefaultGrade.ShouldBe(CaseGrade.A);
        detail.Item.Keywords.ShouldBe(["摊贩", "夜市"]);
        detail.Item.TimeLimits.CompletionWorkingDays.ShouldBe(5);
        detail.Item.TimeLimits.DispatchMinutes.ShouldBeNull();
        detail.Rules.ShouldBe([new RuleDto("440103", "HB", 1)]);
        saved.Headers.ETag!.Tag.ShouldNotBe(etag);
        (await ReadItemAsync("01010101")).ETag.ShouldBe(saved.Headers.ETag.Tag);

        // Someone who read the item before that save, or who never read it, overwrites nothing.
        // The problem type tells a client which: its copy is stale, or (no If-Match: a create) the code is taken.
        var stale = await (await PutItemAsync("01010101", Vendors("旧的编辑"), etag)).ReadProblemAsync(HttpStatusCode.Conflict);
        stale.GetProperty("type").GetString().ShouldBe("urn:casehub:problem:stale");
        var taken = await (await PutItemAsync("01010101", Vendors("没读过"), null)).ReadProblemAsync(HttpStatusCode.Conflict);
        taken.GetProperty("type").GetString().ShouldBe("urn:casehub:problem:already-exists");
        taken.GetProperty("detail").GetString().ShouldBe("The code '01010101' is taken by the item 'Mobile vendors'; open that item to change it.");
        var now = (await ReadItemAsync("01010101")).Detail;
        now.Item.NameZh.ShouldBe("流动摊贩");
        now.Rules.ShouldBe([new RuleDto("440103", "HB", 1)]);
    }

    [Fact]
    public async Task SaveItem_ANewCode_IsCreatedUnderItsParent_AndBadFieldsAre400ByNameWithNothingWritten()
    {
        await (await ImportAsync("json", SmallTree)).ReadAsync<ItemImportResult>();

        var created = await (await PutItemAsync("01010102", Vendors("夜市摊贩", new { departmentCode = "CG" }), null)).ReadAsync<ItemDetail>(HttpStatusCode.Created);
        created.Item.Level.ShouldBe(4);
        created.Item.ParentCode.ShouldBe("010101");
        created.Rules.ShouldBe([new RuleDto(null, "CG", 0)]);
        (await ReadItemAsync("010101")).Detail.ChildCodes.ShouldBe(["01010101", "01010102"]);

        var (before, etag) = await ReadItemAsync("01010101");
        var bad = new
        {
            parentCode = "010101", nameZh = "", nameEn = "Vendors", kinds = new[] { "Gossip" },
            timeLimits = new { completionWorkingDays = -1 }, rules = new[] { new { departmentCode = "NOPE" } },
        };
        var problem = await (await PutItemAsync("01010101", bad, etag)).ReadProblemAsync(HttpStatusCode.BadRequest);
        ErrorKeys(problem).ShouldBe(["kinds", "nameZh", "rules[0].departmentCode", "timeLimits.completionWorkingDays"]);
        (await ReadItemAsync("01010101")).Detail.ShouldBeEquivalentTo(before);

        var renamed = await PutItemAsync("01010101", new { code = "01019999", nameZh = "改码", nameEn = "Recoded" }, etag);
        ErrorKeys(await renamed.ReadProblemAsync(HttpStatusCode.BadRequest)).ShouldBe(["code"]);
        (await ItemCountAsync()).ShouldBe(5);
    }

    [Fact]
    public async Task ImportCsv_WithBadRows_ReportsEveryOneByLine_AndWritesNothing()
    {
        var csv = string.Join("\r\n",
            Header,
            "01,,1,城市管理,City management,,,,,",                                    // line 2: fine
            "0101,01,2,市容环境,\"City appearance, streets\",,,,,",                   // line 3: fine, quoted comma
            "010101,0101,3,占道经营,Street occupation,,,,,",                           // line 4: fine
            "01010101,010101,4,流动摊贩,Vendors,Complaint|Report,C,摊贩|摆摊,15,*:CG", // line 5: fine
            "0101010101,01010101,,过深,Too deep,Complaint,C,,15,",                     // line 6: level 5
            "0102,01,3,市政设施,Municipal,,,,,",                                        // line 7: level says 3, parent makes 2
            "X1,NOPE,,无父,Orphan,Complaint,C,,15,",                                    // line 8: unknown parent
            "0101,01,2,重复,Duplicate,,,,,",                                            // line 9: duplicate code
            "01010102,010101,4,未知部门,Unknown department,Complaint,C,,15,*:NOPE",     // line 10: unknown department
            "01010103,010101,4,未知区域,Unknown org unit,Complaint,C,,15,9999:CG",      // line 11: unknown org unit
            "01010104,010101,4,未知类型,Unknown kind,Gossip,Z,,15,",                    // line 12: unknown kind and grade
            "01010105,010101,4,,,Complaint,C,,-1,",                                     // line 13: no names, negative limit
            "01010106,010101,4,非数字,Not a number,Complaint,C,,abc,");                 // line 14: limit not a number

        var problem = await (await ImportAsync("csv", csv)).ReadProblemAsync(HttpStatusCode.BadRequest);

        ErrorKeys(problem).ShouldBe(
        [
            "row 10.rules", "row 11.rules", "row 12.grade", "row 12.kinds", "row 13.completion_days", "row 13.name_en", "row 13.name_zh",
            "row 14.completion_days", "row 6.level", "row 7.level", "row 8.parent_code", "row 9.code",
        ]);
        problem.GetProperty("errors").GetProperty("row 9.code")[0].GetString()!.ShouldContain("row 3");
        problem.GetProperty("errors").GetProperty("row 10.rules")[0].GetString()!.ShouldContain("NOPE");
        (await ItemCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ImportJson_WithBadItems_ReportsThemByPositionAndPath_AndWritesNothing()
    {
        const string json = """
            [
              { "code": "01", "nameZh": "城市管理", "nameEn": "City management" },
              { "code": "0101", "parentCode": "01", "nameZh": "市容", "nameEn": "Appearance", "rules": [ { "departmentCode": "NOPE" } ] },
              { "code": "0102", "parentCode": "01", "nameZh": "市政", "nameEn": "Municipal", "timeLimits": { "completionWorkingDays": "ten" } },
              { "code": "0103", "parentCode": "01", "nameZh": "设施", "nameEn": "Facilities", "timeLimits": { "acceptWorkingHours": -2 } }
            ]
            """;

        var problem = await (await ImportAsync("json", json)).ReadProblemAsync(HttpStatusCode.BadRequest);

        ErrorKeys(problem).ShouldBe(["row 2.rules[0].departmentCode", "row 3.timeLimits.completionWorkingDays", "row 4.timeLimits.acceptWorkingHours"]);
        (await ItemCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ImportCsv_CellSpanningLines_ReportsLaterRowsByTheirPhysicalLine()
    {
        var csv = Header + "\n01,,,城市管理,\"City\nmanagement\",,,,,\n0101,01,,市容,Appearance,,,,-3,\n";

        var problem = await (await ImportAsync("csv", csv)).ReadProblemAsync(HttpStatusCode.BadRequest);

        ErrorKeys(problem).ShouldBe(["row 4.completion_days"]);
    }

    [Fact]
    public async Task ImportCsv_SavedByExcelAsGb18030_IsReadCorrectly()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(Header + "\r\n01,,1,城市管理,City management,,,,,\r\n");

        var result = await (await Admin.PostAsync("/api/items/import?format=csv", new ByteArrayContent(bytes))).ReadAsync<ItemImportResult>();

        result.Created.ShouldBe(1);
        (await (await Admin.GetAsync("/api/items/01")).ReadAsync<ItemDetail>()).Item.NameZh.ShouldBe("城市管理");
    }

    [Fact]
    public async Task ImportJson_ParentChainThatLoops_IsReportedOnEachRow()
    {
        const string json = """
            [
              { "code": "A", "parentCode": "B", "nameZh": "甲", "nameEn": "A" },
              { "code": "B", "parentCode": "A", "nameZh": "乙", "nameEn": "B" }
            ]
            """;

        var problem = await (await ImportAsync("json", json)).ReadProblemAsync(HttpStatusCode.BadRequest);

        ErrorKeys(problem).ShouldBe(["row 1.parentCode", "row 2.parentCode"]);
    }

    [Fact]
    public async Task ImportJson_NotAnArray_IsA400OnTheBody()
    {
        var problem = await (await ImportAsync("json", "{ \"code\": \"01\" }")).ReadProblemAsync(HttpStatusCode.BadRequest);

        ErrorKeys(problem).ShouldBe(["body"]);
    }

    [Fact]
    public async Task ImportCsv_MissingRequiredColumn_IsReportedOnTheHeader()
    {
        var problem = await (await ImportAsync("csv", "code,name_zh,colour\r\n01,城市管理,red\r\n")).ReadProblemAsync(HttpStatusCode.BadRequest);

        ErrorKeys(problem).ShouldBe(["row 1.colour", "row 1.name_en"]);
    }

    [Fact]
    public async Task Import_WithoutFormatOrKnownContentType_IsA400NamingFormat()
    {
        var response = await Admin.PostAsync("/api/items/import", File(SmallTree, "text/plain"));

        ErrorKeys(await response.ReadProblemAsync(HttpStatusCode.BadRequest)).ShouldBe(["format"]);
    }

    [Fact]
    public async Task SeedItems_ImportCleanly_WithAtLeastSixtyCompleteLeaves()
    {
        var result = await ImportSeedAsync();

        result.Created.ShouldBe(result.Total);
        var leaves = await (await Admin.GetAsync("/api/items?level=4")).ReadAsync<List<ItemDto>>();
        leaves.Count.ShouldBeGreaterThanOrEqualTo(60);
        leaves.ShouldAllBe(i => i.IsLeaf && i.Kinds.Count > 0 && i.Keywords.Count > 0 && i.NameEn.Length > 0 && i.TimeLimits.CompletionWorkingDays > 0);
        leaves.Where(i => i.Kinds[0] == CaseKind.Enquiry).ShouldAllBe(i => i.TimeLimits.CompletionWorkingDays == 2);
        leaves.Where(i => i.Kinds[0] == CaseKind.Complaint || i.Kinds[0] == CaseKind.Report).ShouldAllBe(i => i.TimeLimits.CompletionWorkingDays == 15);
    }

    [Fact]
    public async Task List_SearchesByKeyword_AndTheTreeKeepsThePathToTheMatches()
    {
        await ImportSeedAsync();

        var flat = await (await Admin.GetAsync("/api/items?q=井盖")).ReadAsync<List<ItemDto>>();
        var tree = await (await Admin.GetAsync("/api/items?view=tree&q=井盖")).ReadAsync<List<ItemTreeNode>>();

        flat.Select(i => i.Code).ShouldBe(["010202", "01020201", "01020202"]);
        var root = tree.ShouldHaveSingleItem();
        root.Code.ShouldBe("01");
        root.Children.ShouldHaveSingleItem().Children.ShouldHaveSingleItem().Children.Select(c => c.Code).ShouldBe(["01020201", "01020202"]);
    }

    [Fact]
    public async Task ExportThenImport_RoundTrips_InBothFormats()
    {
        var total = (await ImportSeedAsync()).Total + 1;
        await (await ImportAsync("json", SmallTree.Replace("\"01010101\"", "\"01010199\"", StringComparison.Ordinal))).ReadAsync<ItemImportResult>();
        var json = await ExportAsync("json");
        var csvResponse = await Admin.GetAsync("/api/items/export?format=csv");
        var csv = await csvResponse.Content.ReadAsByteArrayAsync();

        csvResponse.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(csv).ShouldContain("\r\n01010199,010101,4,流动摊贩占道经营,Mobile vendors,Complaint|Report,B,摊贩|摆摊,30,,,15,,true,*:CG;440103:HB:5\r\n");

        (await (await Admin.PostAsync("/api/items/import?format=csv", new ByteArrayContent(csv))).ReadAsync<ItemImportResult>())
            .ShouldBe(new ItemImportResult(0, total, total));
        (await ExportAsync("json")).ShouldBe(json);
        (await (await Admin.PostAsync("/api/items/import?format=json", new ByteArrayContent(json))).ReadAsync<ItemImportResult>())
            .ShouldBe(new ItemImportResult(0, total, total));
        (await ExportAsync("csv")).ShouldBe(csv);
    }

    private async Task<byte[]> ExportAsync(string format)
    {
        var response = await Admin.GetAsync($"/api/items/export?format={format}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Theory]
    [InlineData("小区地下车库积水严重，连日降雨后积水没过脚踝，车辆无法进出", "01020402")] // not 交通噪音 for "车"
    [InlineData("路口下水道堵塞，污水冒出来流到人行道上", "01020401")]
    [InlineData("台风过后小区门口大树倒伏，压住了半条路", "01050101")]
    [InlineData("楼上卫生间漏水，我家天花板渗水发霉", "03010104")]
    // The hotline records most calls as complaints: the items a citizen complains about must take one.
    [InlineData("路口的井盖不见了，晚上很危险", "01020201", CaseKind.Complaint)]
    [InlineData("小区门口那棵大树倒了一直没人管", "01050101", CaseKind.Complaint)]
    public async Task Classify_CommonCityProblems_FindTheirItemConfidentlyEnoughToClassifyOnTheirOwn(string text, string expected, CaseKind? kind = null)
    {
        await ImportSeedAsync();

        var top = (await ClassifyAsync(text, kind: kind))[0];

        top.Code.ShouldBe(expected);
        top.Confidence.ShouldBeGreaterThanOrEqualTo(0.6, "the Classify activity's default minConfidence");
    }

    [Fact]
    public async Task Classify_BarbecueFumesAndNoise_RanksThoseAboveRoadDamage()
    {
        await ImportSeedAsync();

        var suggestions = await ClassifyAsync("楼下烧烤店油烟太大晚上还很吵", top: 10);

        new[] { Barbecue, Fumes }.ShouldContain(suggestions[0].Code);
        // The top three are cooking-fume items (0202) and noise items (0201).
        suggestions.Take(3).ShouldAllBe(s => s.Code.StartsWith("0202", StringComparison.Ordinal) || s.Code.StartsWith("0201", StringComparison.Ordinal));
        suggestions.Take(3).ShouldContain(s => s.Code.StartsWith("0201", StringComparison.Ordinal));
        suggestions.ShouldNotContain(s => s.Code == Road);
        suggestions.ShouldAllBe(s => s.Confidence > 0 && s.Confidence <= 1);
        suggestions[0].NameEn.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Confirm_MakesTheChosenItemWinForTheSameKindOfText_AlsoAfterARestart()
    {
        await ImportSeedAsync();
        const string text = "小区门口每天晚上有人摆摊卖烤串";
        var before = await ClassifyAsync(text);
        var chosen = before[1];

        (await Admin.PostJsonAsync("/api/items/classify/confirm", new ConfirmClassificationRequest(text, chosen.Code))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await ClassifyAsync("每天晚上小区门口都有人摆摊卖烤串");

        after[0].Code.ShouldBe(chosen.Code);
        after[0].Confidence.ShouldBeGreaterThan(chosen.Confidence);
        await using var restarted = new CaseHubApp(Database);
        var again = await (await restarted.ClientFor("admin").PostJsonAsync("/api/items/classify", new ClassifyRequest(text, null, 3))).ReadAsync<List<ClassifySuggestion>>();
        again[0].Code.ShouldBe(chosen.Code);
    }

    [Fact]
    public async Task Classify_AfterAnImport_SeesTheNewItems()
    {
        (await ClassifyAsync("楼下烧烤店油烟太大")).ShouldBeEmpty();

        await ImportSeedAsync();

        (await ClassifyAsync("楼下烧烤店油烟太大")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task ClassifyAndConfirm_RejectBadRequests_NamingTheField()
    {
        await ImportSeedAsync();

        ErrorKeys(await (await Admin.PostJsonAsync("/api/items/classify", new ClassifyRequest(" ", null, null))).ReadProblemAsync(HttpStatusCode.BadRequest)).ShouldBe(["text"]);
        ErrorKeys(await (await Admin.PostJsonAsync("/api/items/classify", new ClassifyRequest("停水", null, 50))).ReadProblemAsync(HttpStatusCode.BadRequest)).ShouldBe(["top"]);
        ErrorKeys(await (await Admin.PostJsonAsync("/api/items/classify/confirm", new ConfirmClassificationRequest("停水", "02"))).ReadProblemAsync(HttpStatusCode.BadRequest)).ShouldBe(["code"]);
        await (await Admin.PostJsonAsync("/api/items/classify/confirm", new ConfirmClassificationRequest("停水", "NOPE"))).ReadProblemAsync(HttpStatusCode.NotFound);
        (await Admin.GetAsync("/api/items/NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class ItemApiTests_Sqlite() : ItemApiTests(DatabaseProvider.Sqlite);

public sealed class ItemApiTests_Postgres() : ItemApiTests(DatabaseProvider.Postgres);
