using HsGuard.Collector.Detection.Baseline;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Detection;

public sealed class BaselineModelTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly UserKey Web = new("web1", 1001);
    private static readonly UserKey Shop = new("web1", 1002);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A web user: a few percent most of the time, a cron job at the top of every hour
    /// (one busy process, many new ones for a few minutes).</summary>
    private static FeatureWindow[] WebUser(int minutes, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, minutes).Select(m =>
        {
            bool cron = m % 60 < 3;
            float cpu = cron ? 90 + (float)random.NextDouble() * 20 : 2 + (float)random.NextDouble() * 4;
            return new FeatureWindow(Start.AddMinutes(m), cpu, cpu * 1.5f, cron ? 0.2f : 0.5f, cron ? 12 : 8, cron ? 5 : 3,
                cron ? 20 : random.Next(0, 3), cron ? 1 : 0);
        }).ToArray();
    }

    private static BaselineModel Train() =>
        BaselineModel.Train([(Web, WebUser(600, 1)), (Shop, WebUser(600, 2))], minWindows: 60, clusters: 8, Start.AddDays(1))!;

    [Fact]
    public void Score_UsualMinutes_NearZero()
    {
        var model = Train();

        var quiet = model.Score(Web, new FeatureWindow(Start, 4, 6, 0.5f, 8, 3, 1, 0))!;
        var cron = model.Score(Web, new FeatureWindow(Start, 100, 150, 0.2f, 12, 5, 20, 1))!;

        Assert.True(quiet.Score < 0.05, $"quiet minute scored {quiet.Score}");
        Assert.True(cron.Score < 0.05, $"the hourly cron job scored {cron.Score}");
    }

    [Fact]
    public void Score_MinerMinute_HighAndSaysWhy()
    {
        var model = Train();

        var miner = model.Score(Web, new FeatureWindow(Start, 195, 200, 0.02f, 9, 4, 1, 1))!;

        Assert.True(miner.Score >= 0.9, $"a flat two-core minute scored {miner.Score}");
        Assert.Equal("cpu_mean", miner.Drivers[0].Feature);
        Assert.True(miner.Drivers[0].Deviation > 5);
        Assert.Equal(model.Version, miner.ModelVersion);
    }

    [Fact]
    public void Score_UserNotInTheModel_Null()
    {
        Assert.Null(Train().Score(new UserKey("web1", 4242), new FeatureWindow(Start, 1, 1, 0, 1, 1, 0, 0)));
    }

    [Fact]
    public void Train_TooLittleHistory_Null()
    {
        Assert.Null(BaselineModel.Train([(Web, WebUser(30, 1))], minWindows: 60, clusters: 8, Start));
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameScores()
    {
        var model = Train();
        string path = _dir.Combine("baseline.zip");
        var probe = new FeatureWindow(Start, 150, 160, 0.05f, 9, 4, 1, 1);

        model.Save(path);
        var loaded = BaselineModel.Load(path);

        Assert.Equal(model.Version, loaded.Version);
        Assert.Equal(model.Users, loaded.Users);
        Assert.Equal(model.Score(Web, probe)!.Score, loaded.Score(Web, probe)!.Score, precision: 6);
    }

    [Fact]
    public void Load_NotAModel_ClearError()
    {
        string path = _dir.Combine("garbage.zip");
        File.WriteAllText(path, "not a zip");

        var e = Assert.Throws<InvalidDataException>(() => BaselineModel.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
