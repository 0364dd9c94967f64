using System.Diagnostics;
using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// Reads the hosts' counters, the collector's and this process's CPU and memory, and the machine's
/// CPU every sample interval, with the collector's managed memory from its /metrics, and prints a
/// line every report interval: what the run's result and its memory-over-time table are made of.
/// </summary>
internal sealed class UsageMonitor
{
    private readonly string _collectorPid;
    private readonly IngestCounters _counters;
    private readonly CollectorMetricsClient _metrics;

    public UsageMonitor(string collectorPid, IngestCounters counters, CollectorMetricsClient metrics)
    {
        _collectorPid = collectorPid;
        _counters = counters;
        _metrics = metrics;
    }

    /// <summary>Counters and usage only, without the collector's /metrics.</summary>
    public UsageSample Read() => new(
        _counters.Snapshot(Stopwatch.GetTimestamp()),
        ProcessUsage.Read(_collectorPid) ?? throw new InvalidOperationException($"the collector (pid {_collectorPid}) is gone"),
        ProcessUsage.Read("self")!.Value,
        ProcessUsage.LoadAverage(),
        CollectorMemory.Unknown);

    /// <summary>Counters and usage, then (so that the scrape does not skew their moment) /metrics.</summary>
    public async Task<UsageSample> ReadAsync()
    {
        var sample = Read();
        return sample with { Managed = await _metrics.ReadAsync() };
    }

    /// <summary>Watches the warm-up and the duration; returns the readings of the steady window
    /// (from the end of the warm-up) and the report intervals from the start.</summary>
    public async Task<(List<UsageSample> Steady, List<IntervalRow> Series)> WatchAsync(IngestSettings settings, TextWriter progress)
    {
        var start = await ReadAsync();
        var steady = new List<UsageSample>();
        var series = new List<IntervalRow>();
        var reported = start;
        var end = settings.Warmup + settings.Duration;
        using var timer = new PeriodicTimer(settings.SampleInterval);
        progress.WriteLine("     t  batches/s  samples/s  lag p50  lag p99  collector CPU %  RSS MiB  heap MiB  gen2+LOH MiB  gen2 GCs  client CPU %  load avg");
        int failures = 0;
        while (await timer.WaitForNextTickAsync())
        {
            var now = await ReadAsync();
            if (_metrics.Failures > failures && failures == 0)
            {
                progress.WriteLine($"collector /metrics not read: {_metrics.LastError}");
            }
            failures = _metrics.Failures;
            double elapsed = start.Seconds(now);
            if (elapsed >= settings.Warmup.TotalSeconds - 0.1)
            {
                steady.Add(now);
            }
            if (reported.Seconds(now) >= settings.ReportInterval.TotalSeconds - 0.1 || elapsed >= end.TotalSeconds - 0.1)
            {
                var row = IntervalRow.Between(start, reported, now);
                series.Add(row);
                progress.WriteLine(Format($"{row.Seconds,6:F0}  {row.BatchesPerSecond,9:F0}  {row.SamplesPerSecond,9:F0}  {Ms(row.LagP50),7}  {Ms(row.LagP99),7}  {row.CollectorCpu,15:F1}  {row.CollectorRssMiB,7:F1}  {CollectorMemory.MiB(row.Managed.HeapBytes),8}  {CollectorMemory.MiB(row.Managed.Gen2LohBytes),12}  {Count(row.Managed.Gen2Collections),8}  {row.ClientCpu,12:F1}  {row.LoadAverage,8:F1}"));
                reported = now;
            }
            if (elapsed >= end.TotalSeconds - 0.1)
            {
                break;
            }
        }
        return (steady, series);
    }

    /// <summary>A lag in milliseconds, as the tables show it.</summary>
    public static string Ms(TimeSpan? lag) => lag is { } l ? l.TotalMilliseconds.ToString(l.TotalMilliseconds < 10 ? "F1" : "F0", CultureInfo.InvariantCulture) + " ms" : "-";

    /// <summary>A count read from /metrics, as the tables show it.</summary>
    public static string Count(double? count) => count is { } c ? c.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
