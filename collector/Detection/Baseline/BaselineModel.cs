using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// What each user's normal minutes look like. Every user's windows are standardised against that
/// user's own past (its mean and spread per feature, the spread floored so that near-constant
/// features do not turn noise into alarms); a k-means model (Microsoft.ML) learns the clusters of
/// normal behaviour those standardised minutes fall into (idle nights, busy deploys, the nightly
/// cron job), and each user's own distances to them give its scale: a minute scores 0 while it is
/// no farther from normal than 99 % of the user's past minutes, and rises to 1 at three times that
/// distance. The features furthest from the user's mean say what drove a score.
/// </summary>
public sealed class BaselineModel
{
    public const int FormatVersion = 1;

    private readonly MLContext _ml;
    private readonly PredictionEngine<Row, Prediction> _engine;
    private readonly Dictionary<UserKey, UserProfile> _users;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly Lock _lock = new();

    private BaselineModel(MLContext ml, ITransformer model, DataViewSchema schema, Dictionary<UserKey, UserProfile> users, DateTimeOffset trainedAt, int windows)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _users = users;
        TrainedAt = trainedAt;
        Windows = windows;
        _engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
    }

    public DateTimeOffset TrainedAt { get; }

    /// <summary>Windows it was trained on.</summary>
    public int Windows { get; }

    public int Users => _users.Count;

    /// <summary>"v1-20261123T120000Z": the format and when it was trained.</summary>
    public string Version => $"v{FormatVersion}-{TrainedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";

    public bool Knows(UserKey user) => _users.ContainsKey(user);

    /// <summary>Trains on every user with at least <paramref name="minWindows"/> windows (on all of
    /// them unless <paramref name="trainingRows"/> says otherwise: see the other overload); null
    /// when there is too little to learn from.</summary>
    public static BaselineModel? Train(IEnumerable<(UserKey User, FeatureWindow[] Windows)> data, int minWindows, int clusters, DateTimeOffset now, int seed = 1, int trainingRows = int.MaxValue) =>
        Train(new WindowArrays(data.ToList()), minWindows, clusters, trainingRows, now, seed);

    /// <summary>
    /// Trains on every user with at least <paramref name="minWindows"/> windows; null when there is
    /// too little to learn from. Each user's mean and spread come from all its windows; k-means
    /// learns from at most <paramref name="trainingRows"/> of them (<see cref="TrainingSample"/>:
    /// even over users and over each user's day, drawn with <paramref name="seed"/>), and each
    /// user's scale from its share, or from <paramref name="minWindows"/> of its windows if that is
    /// more. Below the bound every window is used, as it always was. The source is read three
    /// times, a user at a time, and never copied whole.
    /// </summary>
    internal static BaselineModel? Train(IWindowSource source, int minWindows, int clusters, int trainingRows, DateTimeOffset now, int seed = 1)
    {
        var users = new List<UserKey>();
        var counts = new List<int>();
        var profiles = new Dictionary<UserKey, UserProfile>();
        source.Read((user, windows) =>
        {
            if (windows.Count >= minWindows)
            {
                users.Add(user);
                counts.Add(windows.Count);
                profiles[user] = UserProfile.Of(windows);
            }
        });
        var shares = TrainingSample.Shares(counts, trainingRows);
        var share = new Dictionary<UserKey, int>(users.Count);
        for (int u = 0; u < users.Count; u++)
        {
            share[users[u]] = shares[u];
        }

        var rows = new List<Row>((int)Math.Min(trainingRows, shares.Sum(s => (long)s)));
        var random = new Random(seed);
        source.Read((user, windows) =>
        {
            if (share.TryGetValue(user, out int take))
            {
                var profile = profiles[user];
                foreach (int i in TrainingSample.Spread(windows.Count, Math.Min(take, windows.Count), random))
                {
                    rows.Add(new Row { Features = profile.Standardise(windows[i]) });
                }
            }
        });
        int k = Math.Min(clusters, rows.Count / 10);
        if (k < 1)
        {
            return null;
        }
        var ml = new MLContext(seed);
        var view = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Clustering.Trainers.KMeans(nameof(Row.Features), numberOfClusters: k).Fit(view);

        using var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        var distances = new List<float>();
        var row = new Row();
        source.Read((user, windows) =>
        {
            if (!share.TryGetValue(user, out int take))
            {
                return;
            }
            var profile = profiles[user];
            distances.Clear();
            int scaleWindows = Math.Min(windows.Count, Math.Max(take, minWindows));
            foreach (int i in TrainingSample.Spread(windows.Count, scaleWindows, random))
            {
                row.Features = profile.Standardise(windows[i]);
                distances.Add(Nearest(engine.Predict(row)));
            }
            distances.Sort();
            profiles[user] = profile with { Scale = Math.Max(0.5f, distances[(int)Math.Floor(0.99 * (distances.Count - 1))]) };
        });
        return new BaselineModel(ml, model, view.Schema, profiles, now, rows.Count);
    }

    /// <summary>How unusual <paramref name="window"/> is for <paramref name="user"/>; null when the
    /// model does not know the user.</summary>
    public BaselineScore? Score(UserKey user, FeatureWindow window)
    {
        if (!_users.TryGetValue(user, out var profile))
        {
            return null;
        }
        float[] z = profile.Standardise(window);
        float distance;
        lock (_lock)
        {
            distance = Nearest(_engine.Predict(new Row { Features = z }));
        }
        double score = Math.Clamp((distance - profile.Scale) / (2 * profile.Scale), 0, 1);
        var drivers = Enumerable.Range(0, BaselineFeatures.Count)
            .OrderByDescending(i => Math.Abs(z[i]))
            .Take(3)
            .Where(i => Math.Abs(z[i]) >= 1)
            .Select(i => new BaselineDriver(BaselineFeatures.Names[i], window[i], profile.Mean[i], z[i]))
            .ToList();
        return new BaselineScore(score, distance, profile.Scale, drivers, Version);
    }

    public void Save(string path)
    {
        string temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry("kmeans.zip").Open())
            {
                _ml.Model.Save(_model, _schema, entry);
            }
            using (var entry = zip.CreateEntry("baseline.json").Open())
            {
                JsonSerializer.Serialize(entry, new SavedBaseline(FormatVersion, TrainedAt, Windows, BaselineFeatures.Names,
                    _users.Select(u => new SavedUser(u.Key.Host, u.Key.Uid, u.Value.Mean, u.Value.Spread, u.Value.Scale)).ToList()));
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <exception cref="InvalidDataException">Not a baseline model file, or one of another format.</exception>
    public static BaselineModel Load(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var saved = JsonSerializer.Deserialize<SavedBaseline>(zip.GetEntry("baseline.json")?.Open()
                ?? throw new InvalidDataException($"{path}: no baseline.json in it"))
                ?? throw new InvalidDataException($"{path}: empty baseline.json");
            if (saved.Format != FormatVersion || !saved.Features.SequenceEqual(BaselineFeatures.Names))
            {
                throw new InvalidDataException($"{path}: model format {saved.Format} with features [{string.Join(", ", saved.Features)}]; this collector reads format {FormatVersion}");
            }
            var ml = new MLContext(1);
            using var buffer = new MemoryStream();
            using (var entry = zip.GetEntry("kmeans.zip")?.Open() ?? throw new InvalidDataException($"{path}: no kmeans.zip in it"))
            {
                entry.CopyTo(buffer);
            }
            buffer.Position = 0;
            var model = ml.Model.Load(buffer, out var schema);
            var users = saved.Users.ToDictionary(u => new UserKey(u.Host, u.Uid), u => new UserProfile(u.Mean, u.Spread, u.Scale));
            return new BaselineModel(ml, model, schema, users, saved.TrainedAt, saved.Windows);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or IOException
            || (e is InvalidDataException && !e.Message.StartsWith(path, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{path}: not a baseline model: {e.Message}", e);
        }
    }

    private static float Nearest(Prediction prediction) => (float)Math.Sqrt(Math.Max(0, prediction.Distances.Min()));

    /// <summary>Windows given whole, as traces and tests give them.</summary>
    private sealed class WindowArrays(List<(UserKey User, FeatureWindow[] Windows)> data) : IWindowSource
    {
        public void Read(Action<UserKey, IReadOnlyList<FeatureWindow>> read)
        {
            foreach (var (user, windows) in data)
            {
                read(user, windows);
            }
        }
    }

    private sealed class Row
    {
        [VectorType(BaselineFeatures.Count)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        [ColumnName("Score")]
        public float[] Distances { get; set; } = [];
    }

    private sealed record SavedBaseline(int Format, DateTimeOffset TrainedAt, int Windows, string[] Features, List<SavedUser> Users);

    private sealed record SavedUser(string Host, uint Uid, float[] Mean, float[] Spread, float Scale);
}
