using HsGuard.Collector.Detection.Baseline;

namespace HsGuard.Collector.Tests.Detection;

public sealed class TrainingSampleTests
{
    [Fact]
    public void Shares_UnderTheBound_Everything()
    {
        Assert.Equal([60, 1440, 300], TrainingSample.Shares([60, 1440, 300], 1800));
    }

    [Fact]
    public void Shares_OverTheBound_SmallUsersWholeTheOthersEvenAndTheBoundFilled()
    {
        int[] shares = TrainingSample.Shares([60, 1440, 1440, 100, 1440], 1000);

        Assert.Equal(1000, shares.Sum());
        Assert.Equal(60, shares[0]);
        Assert.Equal(100, shares[3]);
        Assert.Equal([280, 280, 280], new[] { shares[1], shares[2], shares[4] });
    }

    [Fact]
    public void Shares_MoreUsersThanRows_OneEachSpreadOverThem()
    {
        int[] shares = TrainingSample.Shares([.. Enumerable.Repeat(100, 1000)], 250);

        Assert.Equal(250, shares.Sum());
        Assert.All(shares, s => Assert.InRange(s, 0, 1));
        Assert.Equal(1, shares[3]);
        Assert.Equal(0, shares[4]);
    }

    [Fact]
    public void Spread_TakeOfCount_OneFromEachStretchAscending()
    {
        int[] picked = [.. TrainingSample.Spread(1440, 24, new Random(1))];

        Assert.Equal(24, picked.Length);
        for (int j = 0; j < 24; j++)
        {
            Assert.InRange(picked[j], j * 60, (j * 60) + 59);
        }
    }

    [Fact]
    public void Spread_All_EveryIndexInOrder()
    {
        Assert.Equal(Enumerable.Range(0, 500), TrainingSample.Spread(500, 500, new Random(1)));
    }
}
