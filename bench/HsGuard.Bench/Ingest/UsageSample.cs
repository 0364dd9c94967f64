namespace HsGuard.Bench.Ingest;

/// <summary>One reading of the monitor: the hosts' counters, the collector's and this process's
/// usage, the machine's load average, and the collector's managed memory from its /metrics.</summary>
internal sealed record UsageSample(CounterSnapshot Counters, ProcessUsage Collector, ProcessUsage Client, double LoadAverage, CollectorMemory Managed)
{
    public double Seconds(UsageSample later) => System.Diagnostics.Stopwatch.GetElapsedTime(Counters.Timestamp, later.Counters.Timestamp).TotalSeconds;

    /// <summary>CPU of the collector from this reading to <paramref name="later"/>, percent of one core.</summary>
    public double CollectorCpu(UsageSample later) => Percent(later.Collector.CpuTicks - Collector.CpuTicks, later);

    public double ClientCpu(UsageSample later) => Percent(later.Client.CpuTicks - Client.CpuTicks, later);

    private double Percent(long ticks, UsageSample later) => ticks / ProcessUsage.TicksPerSecond / Seconds(later) * 100;
}
