namespace HsGuard.Bench.Ingest;

/// <summary>One report interval of a run: rates, lags and usage over it, memory (resident and
/// managed) at its end.</summary>
internal sealed record IntervalRow(
    double Seconds, double BatchesPerSecond, double SamplesPerSecond, TimeSpan? LagP50, TimeSpan? LagP99,
    double CollectorCpu, double CollectorRssMiB, CollectorMemory Managed, double ClientCpu, double LoadAverage)
{
    public static IntervalRow Between(UsageSample start, UsageSample from, UsageSample to)
    {
        double seconds = from.Seconds(to);
        return new IntervalRow(
            start.Seconds(to),
            (to.Counters.BatchesAcked - from.Counters.BatchesAcked) / seconds,
            (to.Counters.SamplesAcked - from.Counters.SamplesAcked) / seconds,
            LagHistogram.Quantile(from.Counters.Lag, to.Counters.Lag, 0.5),
            LagHistogram.Quantile(from.Counters.Lag, to.Counters.Lag, 0.99),
            from.CollectorCpu(to),
            to.Collector.RssKb / 1024.0,
            to.Managed,
            from.ClientCpu(to),
            to.LoadAverage);
    }
}
