using CaseHub.Cases.Features.Intake;

namespace CaseHub.Web.Tests.Cases;

/// <summary>How many bigram candidates a keyword may have and still be read from the index, as the cases table grows.</summary>
public sealed class CaseTextSearchCapTests
{
    [Theory]
    [InlineData(1_000, 7, -1, 1_000)]          // never analysed: the floor
    [InlineData(1_000, 7, 10_000, 1_000)]       // √70,000 = 264: the floor
    [InlineData(1_000, 7, 1_000_000, 2_645)]    // √7,000,000
    [InlineData(1_000, 7, 10_000_000, 8_366)]   // √70,000,000
    [InlineData(1_000, 0, 10_000_000, 1_000)]   // factor 0: fixed
    [InlineData(5_000, 7, 1_000_000, 5_000)]    // a floor above the square root
    public void TheCap_GrowsWithTheSquareRootOfTheRows_AndNeverFallsBelowTheFloor(int floor, double factor, double rows, int cap) =>
        CaseTextSearch.IndexedCandidatesCap(floor, factor, rows).ShouldBe(cap);
}

/// <summary>Which of a keyword's bigrams the index looks up, given the ones most cases hold.</summary>
public sealed class IndexedBigramsTests
{
    private static readonly Dictionary<string, double> Common = new() { ["社区"] = 1.0, ["临南"] = 0.5, ["南区"] = 0.51 };

    [Fact]
    public void ACommonBigram_IsLeftOut() =>
        CaseTextSearch.IndexedBigrams("花园社区无证", Common).ShouldBe(["花园", "园社", "区无", "无证"]);

    [Fact]
    public void WhenEveryBigramIsCommon_TheRarestIsKept() =>
        CaseTextSearch.IndexedBigrams("临南区", Common).ShouldBe(["临南"]);

    [Fact]
    public void WithoutStatistics_EveryBigramIsLookedUp_OnceEach() =>
        CaseTextSearch.IndexedBigrams("哈哈哈", new Dictionary<string, double>()).ShouldBe(["哈哈"]);

    [Fact]
    public void ACharacterOutsideTheBasicPlane_IsOneCharacter_AsPostgreSqlCountsIt() =>
        CaseTextSearch.IndexedBigrams("𠮷野家", new Dictionary<string, double>()).ShouldBe(["𠮷野", "野家"]);
}
