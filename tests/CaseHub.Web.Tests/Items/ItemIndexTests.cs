using CaseHub.Cases.Features.Items;

namespace CaseHub.Web.Tests.Items;

/// <summary>The classifier's index on a small item list of its own, without a database.</summary>
public sealed class ItemIndexTests
{
    private static readonly IndexedItem Fumes = Leaf("A1", "餐饮油烟污染", [CaseKind.Complaint, CaseKind.Report], ["油烟", "烧烤", "排烟"], "生态环境", "大气污染");
    private static readonly IndexedItem Noise = Leaf("A2", "社会生活噪音", [CaseKind.Complaint], ["噪音", "吵", "扰民"], "生态环境", "噪音污染");
    private static readonly IndexedItem Road = Leaf("B1", "道路坑洼破损", [CaseKind.Complaint, CaseKind.Report], ["坑洼", "路面破损"], "城市管理", "市政设施");
    private static readonly IndexedItem WaterCut = Leaf("C1", "突发停水", [CaseKind.HelpRequest], ["停水", "没水"], "公用事业", "供水");
    private static readonly IndexedItem Wages = Leaf("D1", "拖欠农民工工资", [CaseKind.HelpRequest, CaseKind.Complaint], ["欠薪"], "劳动保障", "劳动关系");
    private static readonly IndexedItem Vendors = Leaf("A3", "流动摊贩占道经营", [CaseKind.Complaint], ["摆摊", "摊贩"], "城市管理", "市容环境");

    private static readonly IndexedItem[] Items = [Fumes, Noise, Road, WaterCut, Wages, Vendors];

    private static IndexedItem Leaf(string code, string name, CaseKind[] kinds, string[] keywords, params string[] ancestors) =>
        new(Guid.NewGuid(), code, name, code + " en", kinds, keywords, ancestors, CaseGrade.C, new StageTimeLimits());

    [Fact]
    public void Suggest_BarbecueFumesAndNoise_RanksFumesAndNoiseAboveRoads()
    {
        var index = ItemIndex.Build(Items, []);

        var suggestions = index.Suggest("楼下烧烤店油烟太大晚上还很吵", top: 6);

        suggestions[0].Code.ShouldBe("A1");
        suggestions[1].Code.ShouldBe("A2");
        suggestions.ShouldNotContain(s => s.Code == "B1");
        suggestions.ShouldAllBe(s => s.Confidence > 0 && s.Confidence <= 1);
    }

    [Fact]
    public void Suggest_NoKeywordButSharedCharacters_FindsTheItemByNGrams()
    {
        var index = ItemIndex.Build(Items, []);

        // None of D1's keywords ("欠薪") occurs; its name's bigrams 拖欠 and 工资 do.
        var suggestions = index.Suggest("老板拖欠我们三个月的工资不给");

        suggestions.ShouldNotBeEmpty();
        suggestions[0].Code.ShouldBe("D1");
        suggestions[0].Confidence.ShouldBeLessThan(0.85);
    }

    [Fact]
    public void Suggest_KeywordHit_IsMoreConfidentThanNGramsAlone()
    {
        var index = ItemIndex.Build(Items, []);

        var byKeyword = index.Suggest("小区停水两天了").First();
        var byNGrams = index.Suggest("老板拖欠我们三个月的工资不给").First();

        byKeyword.Code.ShouldBe("C1");
        byKeyword.Confidence.ShouldBeGreaterThan(byNGrams.Confidence);
    }

    [Fact]
    public void Suggest_UnrelatedText_SuggestsNothing()
    {
        var index = ItemIndex.Build(Items, []);

        index.Suggest("请问今天天气怎么样").ShouldBeEmpty();
    }

    [Fact]
    public void Suggest_WithKind_LeavesOutItemsThatDoNotTakeIt()
    {
        var index = ItemIndex.Build(Items, []);

        var suggestions = index.Suggest("楼下烧烤店油烟太大晚上还很吵", CaseKind.HelpRequest);

        suggestions.ShouldNotContain(s => s.Code == "A1" || s.Code == "A2");
    }

    [Fact]
    public void Suggest_WithKindPreferred_KeepsOtherKindsItems_BelowWhereTheyWouldFillTheDrawer()
    {
        var index = ItemIndex.Build(Items, []);
        const string text = "楼下烧烤店油烟太大，排烟管道直冲窗户";
        var anyKind = index.Suggest(text).Single(s => s.Code == "A1");

        var preferred = index.Suggest(text, CaseKind.HelpRequest, kindPreferred: true).Single(s => s.Code == "A1");

        anyKind.Confidence.ShouldBeGreaterThan(0.6);
        preferred.Confidence.ShouldBe(Math.Round(anyKind.Confidence * ItemIndex.OtherKindFactor, 3), 0.001);
        preferred.Confidence.ShouldBeLessThan(0.6);
        index.Suggest(text, CaseKind.Complaint, kindPreferred: true).Single(s => s.Code == "A1").Confidence.ShouldBe(anyKind.Confidence);
    }

    [Fact]
    public void Suggest_Top_LimitsTheCount()
    {
        var index = ItemIndex.Build(Items, []);

        index.Suggest("油烟噪音停水欠薪摆摊坑洼", top: 3).Count.ShouldBe(3);
    }

    [Fact]
    public void Build_WithConfirmations_MovesTheConfirmedItemToTheTop()
    {
        const string text = "每天晚上小区门口有人摆摊卖烤串";
        var before = ItemIndex.Build(Items, []).Suggest(text);
        before[0].Code.ShouldBe("A3"); // 摆摊 is a keyword of the vendors' item
        var fumesBefore = before.SingleOrDefault(s => s.Code == "A1")?.Confidence ?? 0;

        var learned = ItemIndex.Build(Items, [(Fumes.Id, "小区门口晚上有人摆摊卖烤串，烟很大"), (Fumes.Id, "门口摆摊卖烤串的烟熏得不敢开窗")]);
        var after = learned.Suggest(text);

        after[0].Code.ShouldBe("A1");
        after[0].Confidence.ShouldBeGreaterThan(fumesBefore);
    }

    [Fact]
    public void Build_ConfirmationForAnUnknownItem_IsIgnored()
    {
        var index = ItemIndex.Build(Items, [(Guid.NewGuid(), "每天晚上小区门口有人摆摊卖烤串")]);

        index.Suggest("每天晚上小区门口有人摆摊卖烤串")[0].Code.ShouldBe("A3");
    }

    [Fact]
    public void NGrams_StopAtPunctuation_AndNormaliseFullWidth()
    {
        var grams = ItemIndex.NGrams("油烟大，ＷＩＦＩ").ToList();

        grams.ShouldBe(["油烟", "烟大", "油烟大", "wi", "if", "fi", "wif", "ifi"]);
    }
}
