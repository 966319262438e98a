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
