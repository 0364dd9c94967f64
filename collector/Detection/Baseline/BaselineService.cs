using System.Collections.Concurrent;
using HsGuard.Collector.Hosting;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// The baseline at work: the feature windows of every user (fed by detection), the model in use
/// (the newest file in the baseline directory, trained again every RetrainInterval from what the
/// collector has seen), and each user's latest score.
/// </summary>
internal sealed class BaselineService : SupervisedService, IBaselineScores
{
    private const int FilesKept = 5;

    private readonly BaselineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BaselineService> _log;
    private readonly ConcurrentDictionary<UserKey, BaselineScore> _scores = new();
    private volatile BaselineModel? _model;

    public BaselineService(IOptions<BaselineOptions> options, IOptions<CollectorOptions> collector, TimeProvider time,
        IHostApplicationLifetime lifetime, ILogger<BaselineService> log)
        : base(lifetime, log)
    {
        _options = options.Value;
        _time = time;
        _log = log;
        Directory = _options.Directory ?? Path.Combine(collector.Value.StateDirectory, "baseline");
        Windows = new BaselineWindows(_options);
    }

    public string Directory { get; }

    public BaselineWindows Windows { get; }

    public BaselineModel? Model => _model;

    public bool Enabled => _options.Enabled;

    /// <summary>Uses <paramref name="model"/> from now on (a test, or replay with --baseline).</summary>
    public void Use(BaselineModel? model) => _model = model;

    public double Score(string host, uint uid) => _scores.TryGetValue(new UserKey(host, uid), out var s) ? s.Score : -1;

    public BaselineScore? Latest(string host, uint uid) => _scores.GetValueOrDefault(new UserKey(host, uid));

    /// <summary>Scores a completed window with the model in use; null when the model does not
    /// know the user (or there is none).</summary>
    public BaselineScore? Observe(UserKey user, FeatureWindow window)
    {
        if (_model?.Score(user, window) is not { } score)
        {
            return null;
        }
        _scores[user] = score;
        return score;
    }

    /// <summary>Trains from the windows seen so far; keeps and uses the model when there was enough.</summary>
    public BaselineModel? TrainNow()
    {
        var model = BaselineModel.Train(Windows, _options.MinWindows, _options.Clusters, _options.TrainingRows, _time.GetUtcNow());
        if (model is null)
        {
            BaselineLog.TooLittle(_log, _options.MinWindows);
            return null;
        }
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, $"baseline-{model.Version}.zip");
        model.Save(path);
        _model = model;
        BaselineLog.Trained(_log, model.Version, model.Users, model.Windows, path);
        foreach (var old in System.IO.Directory.GetFiles(Directory, "baseline-*.zip").Order(StringComparer.Ordinal).SkipLast(FilesKept))
        {
            File.Delete(old);
        }
        return model;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        LoadNewest();
        using var timer = new PeriodicTimer(_options.RetrainInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            TrainNow();
        }
    }

    private void LoadNewest()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }
        foreach (var file in System.IO.Directory.GetFiles(Directory, "baseline-*.zip").Order(StringComparer.Ordinal).Reverse())
        {
            try
            {
                _model = BaselineModel.Load(file);
                BaselineLog.Loaded(_log, _model.Version, _model.Users, file);
                return;
            }
            catch (InvalidDataException e)
            {
                BaselineLog.Unreadable(_log, file, e.Message);
            }
        }
    }
}
