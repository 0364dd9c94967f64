using System.Diagnostics;
using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// Reads the hosts' counters, the collector's and this process's CPU and memory, and the machine's
/// CPU every sample interval, and prints a line every report interval: what the run's result and
/// its memory-over-time table are made of.
/// </summary>
internal sealed class UsageMonitor
{
    private readonly string _collectorPid;
    private readonly IngestCounters _counters;

    public UsageMonitor(string collectorPid, IngestCounters counters)
    {
        _collectorPid = collectorPid;
        _counters = counters;
    }

    public UsageSample Read() => new(
        _counters.Snapshot(Stopwatch.GetTimestamp()),
        ProcessUsage.Read(_collectorPid) ?? throw new InvalidOperationException($"the collector (pid {_collectorPid}) is gone"),
        ProcessUsage.Read("self")!.Value,
        ProcessUsage.LoadAverage());

    /// <summary>Watches the warm-up and the duration; returns the readings of the steady window
    /// (from the end of the warm-up) and the report intervals from the start.</summary>
    public async Task<(List<UsageSample> Steady, List<IntervalRow> Series)> WatchAsync(IngestSettings settings, TextWriter progress)
    {
        var start = Read();
        var steady = new List<UsageSample>();
        var series = new List<IntervalRow>();
        var reported = start;
        var end = settings.Warmup + settings.Duration;
        using var timer = new PeriodicTimer(settings.SampleInterval);
        progress.WriteLine("     t  batches/s  samples/s  lag p50  lag p99  collector CPU %  RSS MiB  client CPU %  load avg");
        while (await timer.WaitForNextTickAsync())
        {
            var now = Read();
            double elapsed = start.Seconds(now);
            if (elapsed >= settings.Warmup.TotalSeconds - 0.1)
            {
                steady.Add(now);
            }
            if (reported.Seconds(now) >= settings.ReportInterval.TotalSeconds - 0.1 || elapsed >= end.TotalSeconds - 0.1)
            {
                var row = IntervalRow.Between(start, reported, now);
                series.Add(row);
                progress.WriteLine(Format($"{row.Seconds,6:F0}  {row.BatchesPerSecond,9:F0}  {row.SamplesPerSecond,9:F0}  {Ms(row.LagP50),7}  {Ms(row.LagP99),7}  {row.CollectorCpu,15:F1}  {row.CollectorRssMiB,7:F1}  {row.ClientCpu,12:F1}  {row.LoadAverage,8:F1}"));
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

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
