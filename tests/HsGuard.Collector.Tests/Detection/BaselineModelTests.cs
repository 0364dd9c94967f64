using System.Globalization;
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

    /// <summary>A user that varies in every feature, at a CPU level of its own, with the hourly cron job.</summary>
    private static FeatureWindow[] NoisyUser(int minutes, int seed, float level)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, minutes).Select(m =>
        {
            bool cron = m % 60 < 3;
            float cpu = cron ? 90 + (float)random.NextDouble() * 20 : level + (float)random.NextDouble() * 4;
            return new FeatureWindow(Start.AddMinutes(m), cpu, cpu * (1 + (float)random.NextDouble()), (float)random.NextDouble(), random.Next(4, 16), random.Next(1, 8),
                cron ? 20 : random.Next(0, 6), cron ? 1 : random.Next(0, 2));
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

    /// <summary>Scores, distances, scales and users' means of a model trained on three users by the
    /// code before training was bounded (every window to k-means and to each user's scale),
    /// recorded from it on this data: at or below the bound nothing may change.</summary>
    private static readonly string[] TrainedOnEveryWindow =
    [
        "windows 720",
        "web1/1001 score 0 distance 1.2271378 scale 2.567931 drivers busy_processes:0.54:-1.08",
        "web1/1001 score 0 distance 1.6714677 scale 2.567931 drivers cpu_max:12.227371:4.9941926;cpu_mean:8.709815:4.4218984;new_processes:3.4333334:3.993933",
        "web1/1001 score 0.9234621524810791 distance 7.310705 scale 2.567931 drivers cpu_mean:8.709815:9.023492;cpu_max:12.227371:6.8066688;cpu_variation:0.4913136:-1.6908331",
        "web1/1001 score 0.11977081745862961 distance 3.1830573 scale 2.567931 drivers cpu_max:12.227371:2.0942304;cpu_mean:8.709815:1.5156286;busy_processes:0.54:-1.08",
        "web1/1002 score 0 distance 1.0662724 scale 2.285763 drivers busy_processes:0.55:-1.1",
        "web1/1002 score 0 distance 1.5444688 scale 2.285763 drivers cpu_max:17.111227:4.6362643;cpu_mean:11.715497:4.300432;new_processes:3.225:4.00625",
        "web1/1002 score 1 distance 7.0827055 scale 2.285763 drivers cpu_mean:11.715497:8.927984;cpu_max:17.111227:6.380679;cpu_variation:0.52346355:-1.758976",
        "web1/1002 score 0.15174433588981628 distance 2.9794662 scale 2.285763 drivers cpu_max:17.111227:1.8451995;cpu_mean:11.715497:1.3777684;busy_processes:0.55:-1.1",
        "db1/26 score 0.08011085540056229 distance 2.7908328 scale 2.4054306 drivers cpu_mean:35.400352:-2.1385307;cpu_max:53.169735:-1.8937743;busy_processes:0.5222222:-1.0444444",
        "db1/26 score 0 distance 1.5106068 scale 2.4054306 drivers cpu_mean:35.400352:4.399579;new_processes:3.538889:4.0343328;cpu_max:53.169735:3.8875492",
        "db1/26 score 1 distance 8.379371 scale 2.4054306 drivers cpu_mean:35.400352:10.869582;cpu_max:53.169735:5.8949533;cpu_variation:0.49386632:-1.6451513",
        "db1/26 score 0 distance 1.7450478 scale 2.4054306 drivers busy_processes:0.5222222:-1.0444444",
    ];

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(720)]
    public void Train_AtMostTheBound_SameModelAsOnEveryWindow(int trainingRows)
    {
        UserKey[] users = [Web, Shop, new("db1", 26)];
        var model = BaselineModel.Train([(users[0], NoisyUser(300, 1, 2)), (users[1], NoisyUser(240, 2, 5)), (users[2], NoisyUser(180, 3, 30))],
            minWindows: 60, clusters: 8, Start.AddDays(1), trainingRows: trainingRows)!;
        FeatureWindow[] probes =
        [
            new(Start, 4, 6, 0.5f, 8, 3, 1, 0),
            new(Start, 100, 150, 0.2f, 12, 5, 20, 1),
            new(Start, 195, 200, 0.02f, 9, 4, 1, 1),
            new(Start, 40, 70, 0.3f, 10, 6, 4, 0),
        ];

        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"windows {model.Windows}") };
        foreach (var user in users)
        {
            foreach (var probe in probes)
            {
                var s = model.Score(user, probe)!;
                string drivers = string.Join(";", s.Drivers.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Feature}:{d.Usual:R}:{d.Deviation:R}")));
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{user} score {s.Score:R} distance {s.Distance:R} scale {s.Scale:R} drivers {drivers}"));
            }
        }

        Assert.Equal(TrainedOnEveryWindow, lines);
    }

    [Fact]
    public void Train_ManyUsersOverTheBound_AtMostTheBoundAndEveryUserKnown()
    {
        var options = new BaselineOptions { HistoryWindows = 200, MaxUsers = 20_000 };
        var windows = new BaselineWindows(options);
        var random = new Random(7);
        for (int u = 0; u < 20_000; u++)
        {
            var user = new UserKey($"host{u / 20}", (uint)(1000 + (u % 20)));
            for (int m = 0; m < 200; m++)
            {
                float cpu = (float)random.NextDouble() * 10;
                Assert.True(windows.Add(user, new FeatureWindow(Start.AddMinutes(m), cpu, cpu * 2, 0.5f, random.Next(5, 15), random.Next(1, 6), random.Next(0, 4), 0)));
            }
        }

        var model = BaselineModel.Train(windows, options.MinWindows, options.Clusters, options.TrainingRows, Start.AddDays(1))!;

        Assert.Equal(options.TrainingRows, model.Windows);
        Assert.Equal(20_000, model.Users);
        Assert.True(model.Score(new UserKey("host999", 1019), new FeatureWindow(Start, 5, 10, 0.5f, 10, 3, 2, 0))!.Score < 0.05);
        Assert.True(model.Score(new UserKey("host0", 1000), new FeatureWindow(Start, 195, 200, 0.02f, 9, 4, 1, 1))!.Score >= 0.9);
    }

    [Fact]
    public void Train_FromKeptWindows_SameModelAsFromWhatTheyHoldGivenWhole()
    {
        var kept = new BaselineWindows(new BaselineOptions());
        (UserKey User, FeatureWindow[] Windows)[] data = [(Web, NoisyUser(300, 1, 2)), (Shop, NoisyUser(240, 2, 5))];
        foreach (var (user, windows) in data)
        {
            foreach (var w in windows)
            {
                kept.Add(user, w);
            }
        }
        var probe = new FeatureWindow(Start, 40, 70, 0.3f, 10, 6, 4, 0);

        var fromKept = BaselineModel.Train(kept, minWindows: 60, clusters: 8, trainingRows: 200_000, Start)!;
        var whole = BaselineModel.Train(data.Select(d => (d.User, d.Windows.Select(w => CompactWindow.From(w).ToWindow()).ToArray())), minWindows: 60, clusters: 8, Start)!;

        var expected = whole.Score(Web, probe)!;
        var actual = fromKept.Score(Web, probe)!;
        Assert.Equal(whole.Windows, fromKept.Windows);
        Assert.Equal((expected.Score, expected.Distance, expected.Scale), (actual.Score, actual.Distance, actual.Scale));
        Assert.Equal(expected.Drivers, actual.Drivers);
    }

    [Fact]
    public void Train_OverTheBound_SameModelForTheSameSeed()
    {
        (UserKey, FeatureWindow[])[] data = [(Web, NoisyUser(600, 1, 2)), (Shop, NoisyUser(400, 2, 5))];
        var probe = new FeatureWindow(Start, 40, 70, 0.3f, 10, 6, 4, 0);

        var first = BaselineModel.Train(data, minWindows: 60, clusters: 8, Start, seed: 3, trainingRows: 300)!;
        var second = BaselineModel.Train(data, minWindows: 60, clusters: 8, Start, seed: 3, trainingRows: 300)!;

        Assert.Equal(300, first.Windows);
        Assert.Equal(first.Score(Shop, probe)!.Distance, second.Score(Shop, probe)!.Distance);
        Assert.Equal(first.Score(Shop, probe)!.Scale, second.Score(Shop, probe)!.Scale);
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
