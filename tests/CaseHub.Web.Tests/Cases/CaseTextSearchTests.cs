using CaseHub.Cases.Features.Intake;

namespace CaseHub.Web.Tests.Cases;

public sealed class CaseTextSearchTests
{
    [Fact]
    public void Bigrams_ArePairsOfCodePoints_AsPostgreSqlMakesThem()
    {
        CaseTextSearch.Bigrams("油烟扰民").ShouldBe(["油烟", "烟扰", "扰民"]);
        // 𠀀 is one code point and two UTF-16 units; substr in PostgreSQL counts it once.
        CaseTextSearch.Bigrams("𠀀路灯").ShouldBe(["𠀀路", "路灯"]);
        CaseTextSearch.Bigrams("烟").ShouldBeEmpty();
        CaseTextSearch.Bigrams("𠀀").ShouldBeEmpty();
    }

    [Fact]
    public void Rarest_IsTheLeastFrequentPair_AndAnUnlistedOneIsRarerThanAny()
    {
        var frequencies = new Dictionary<string, float> { ["路灯"] = 0.02f, ["灯杆"] = 0.01f, ["杆损"] = 0.015f };

        CaseTextSearch.Rarest(["路灯", "灯杆", "杆损"], frequencies).ShouldBe("灯杆");
        CaseTextSearch.Rarest(["路灯", "灯无", "灯杆"], frequencies).ShouldBe("灯无");
    }
}
