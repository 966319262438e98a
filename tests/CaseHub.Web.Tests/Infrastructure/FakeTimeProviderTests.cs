namespace CaseHub.Web.Tests.Infrastructure;

public sealed class FakeTimeProviderTests
{
    [Fact]
    public void Advance_MovesUtcNowAndElapsedTimeByExactlyTheGivenAmount()
    {
        var clock = new FakeTimeProvider();
        var started = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromHours(25));

        clock.GetUtcNow().ShouldBe(FakeTimeProvider.DefaultStart.AddHours(25));
        clock.GetElapsedTime(started).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void UtcNow_SetWithAnOffset_IsStoredAsUtcAndShownInChinaStandardTime()
    {
        var clock = new FakeTimeProvider { UtcNow = new DateTimeOffset(2025, 10, 1, 8, 0, 0, TimeSpan.FromHours(8)) };

        clock.GetUtcNow().ShouldBe(new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero));
        clock.GetUtcNow().Offset.ShouldBe(TimeSpan.Zero);
        clock.GetLocalNow().Hour.ShouldBe(8);
    }

    [Fact]
    public void Advance_Backwards_Throws()
    {
        var clock = new FakeTimeProvider();

        Should.Throw<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }
}
