using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Detection.Baseline;

/// <summary>The learned per-user baseline. Bound from "Collector:Detection:Baseline".</summary>
public sealed class BaselineOptions
{
    public const string Section = "Collector:Detection:Baseline";

    /// <summary>Learn and score at all. Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where model files are kept (one file a training, the newest in use). Defaults to
    /// baseline/ in the state directory.</summary>
    public string? Directory { get; set; }

    /// <summary>How often the model is trained again from what the collector has seen. Defaults to 24 h.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Windows a user needs before it is part of a model. Defaults to 60 (an hour of activity).</summary>
    [Range(10, 100_000)]
    public int MinWindows { get; set; } = 60;

    /// <summary>Windows kept per user for training (one a minute). Defaults to 1440 (a day).</summary>
    [Range(10, 100_000)]
    public int HistoryWindows { get; set; } = 1440;

    /// <summary>Windows (of all users) the clusters are learned from at the most; beyond it each user
    /// gives an equal share spread over its day, while its mean and spread still come from all its
    /// windows. Bounds training's memory and time: 200,000 rows take seconds where a day of 21,000
    /// users (30 million windows) would take gigabytes. Defaults to 200,000.</summary>
    [Range(100, 100_000_000)]
    public int TrainingRows { get; set; } = 200_000;

    /// <summary>Clusters of normal behaviour the model learns. Defaults to 8.</summary>
    [Range(1, 64)]
    public int Clusters { get; set; } = 8;

    /// <summary>Users (of all hosts) whose windows are kept. Defaults to 50,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxUsers { get; set; } = 50_000;
}
