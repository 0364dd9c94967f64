using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Ingest;

/// <summary>Bounds on what the collector keeps in memory per host. Bound from "Collector:Ingest".</summary>
public sealed class IngestOptions
{
    public const string Section = "Collector:Ingest";

    /// <summary>Samples of history kept per process (one a tick it used CPU): the detection window
    /// and an incident's CPU chart. Defaults to 180 (three minutes at one tick a second).</summary>
    [Range(10, 100_000)]
    public int HistoryLength { get; set; } = 180;

    /// <summary>Samples of history kept per user on a host (one a tick): the hosts page's charts.
    /// Defaults to 300 (five minutes at one tick a second).</summary>
    [Range(10, 100_000)]
    public int UserHistoryLength { get; set; } = 300;

    /// <summary>Live processes one host may report; past this its call is ended as abusive.
    /// Defaults to 100,000.</summary>
    [Range(100, 10_000_000)]
    public int MaxProcessesPerHost { get; set; } = 100_000;

    /// <summary>Hosts the collector tracks. Defaults to 10,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxHosts { get; set; } = 10_000;

    /// <summary>How long an exited process stays in memory, for the evidence of an incident.
    /// Defaults to 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ExitedRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When set, every batch applied is also appended to HOST.jsonl in this directory
    /// (the trace format of <c>hsguard-agent record</c>), before it is acknowledged. Unset by
    /// default.</summary>
    public string? RecordDirectory { get; set; }
}
