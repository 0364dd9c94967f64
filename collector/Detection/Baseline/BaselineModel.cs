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

    /// <summary>Trains on every user with at least <paramref name="minWindows"/> windows; null when
    /// there is too little to learn from.</summary>
    public static BaselineModel? Train(IEnumerable<(UserKey User, FeatureWindow[] Windows)> data, int minWindows, int clusters, DateTimeOffset now, int seed = 1)
    {
        var profiles = new Dictionary<UserKey, UserProfile>();
        var rows = new List<Row>();
        var owners = new List<UserKey>();
        foreach (var (user, windows) in data)
        {
            if (windows.Length < minWindows)
            {
                continue;
            }
            var profile = UserProfile.Of(windows);
            profiles[user] = profile;
            foreach (var w in windows)
            {
                rows.Add(new Row { Features = profile.Standardise(w) });
                owners.Add(user);
            }
        }
        int k = Math.Min(clusters, rows.Count / 10);
        if (k < 1)
        {
            return null;
        }
        var ml = new MLContext(seed);
        var view = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Clustering.Trainers.KMeans(nameof(Row.Features), numberOfClusters: k).Fit(view);
        using var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        var distances = new Dictionary<UserKey, List<float>>();
        for (int i = 0; i < rows.Count; i++)
        {
            float d = Nearest(engine.Predict(rows[i]));
            if (!distances.TryGetValue(owners[i], out var list))
            {
                distances[owners[i]] = list = [];
            }
            list.Add(d);
        }
        foreach (var (user, list) in distances)
        {
            list.Sort();
            profiles[user] = profiles[user] with { Scale = Math.Max(0.5f, list[(int)Math.Floor(0.99 * (list.Count - 1))]) };
        }
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
