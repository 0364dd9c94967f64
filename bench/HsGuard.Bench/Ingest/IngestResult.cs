namespace HsGuard.Bench.Ingest;

/// <summary>
/// One run, over its steady window (after the warm-up): rates acknowledged, lags, usage, and the
/// bytes a process sample costs as protobuf, with gRPC's 5-byte message prefix, and on the wire
/// (TLS, HTTP/2 and gRPC framing; TCP/IP headers not counted). The collector's managed memory: each
/// figure's smallest and largest over the window, and its first and last reading.
/// </summary>
internal sealed record IngestResult(
    string Transport, int Hosts, double ProcessesPerHost, string Rate, double Seconds,
    double BatchesPerSecond, double SamplesPerSecond, TimeSpan? LagP50, TimeSpan? LagP99, TimeSpan? LagMax,
    long Backlog, long LateSends, double CollectorCpu, double CollectorRssMinMiB, double CollectorRssMaxMiB, double CollectorPeakMiB,
    CollectorMemory ManagedMin, CollectorMemory ManagedMax, CollectorMemory ManagedFirst, CollectorMemory ManagedLast, int MetricsFailures,
    double ClientCpu, double ClientRssMiB, int ClientThreads, double LoadAverage,
    double MessageBytesPerSample, double GrpcBytesPerSample, double WireBytesPerSample,
    TimeSpan CertificateTime, TimeSpan ConnectTime, int Failed, IReadOnlyList<IntervalRow> Series)
{
    /// <summary>Calls that failed over the whole run (their hosts reconnected), batches resent on
    /// the new calls, and batches still unacknowledged after the hosts stopped.</summary>
    public long CallsLost { get; init; }

    public long BatchesResent { get; init; }

    public long Unacknowledged { get; init; }

    /// <summary>At a fixed rate: every host's batches acknowledged (within 2 %), the 99th percentile
    /// lag under a second, at most one batch in flight per host at the end, and no host failed or
    /// lost its call.</summary>
    public bool? KeptUp(double? rate) => rate is { } r
        ? Failed == 0 && CallsLost == 0 && BatchesPerSecond >= 0.98 * Hosts * r && LagP99 < TimeSpan.FromSeconds(1) && Backlog <= Hosts
        : null;

    public double CollectorMicrosPerBatch => CollectorCpu / 100 / BatchesPerSecond * 1e6;

    public double CollectorMicrosPerSample => CollectorCpu / 100 / SamplesPerSecond * 1e6;

    /// <summary>Gen2 collections within the window; null when either end was not read.</summary>
    public double? Gen2Collections => ManagedLast.Gen2Collections - ManagedFirst.Gen2Collections;

    public static IngestResult From(IngestSettings settings, int hosts, double processesPerHost, IReadOnlyList<UsageSample> steady,
        TimeSpan certificates, TimeSpan connect, int failed, IReadOnlyList<IntervalRow> series, int metricsFailures)
    {
        var first = steady[0];
        var last = steady[^1];
        double seconds = first.Seconds(last);
        var a = first.Counters;
        var b = last.Counters;
        double samplesSent = Math.Max(1, b.SamplesSent - a.SamplesSent);
        return new IngestResult(
            settings.Transport, hosts, processesPerHost, settings.RateText, seconds,
            (b.BatchesAcked - a.BatchesAcked) / seconds,
            (b.SamplesAcked - a.SamplesAcked) / seconds,
            LagHistogram.Quantile(a.Lag, b.Lag, 0.5),
            LagHistogram.Quantile(a.Lag, b.Lag, 0.99),
            LagHistogram.Quantile(a.Lag, b.Lag, 1),
            b.BatchesSent - b.BatchesAcked,
            b.LateSends - a.LateSends,
            first.CollectorCpu(last),
            steady.Min(s => s.Collector.RssKb) / 1024.0,
            steady.Max(s => s.Collector.RssKb) / 1024.0,
            last.Collector.PeakRssKb / 1024.0,
            CollectorMemory.Min([.. steady.Select(s => s.Managed)]),
            CollectorMemory.Max([.. steady.Select(s => s.Managed)]),
            first.Managed,
            last.Managed,
            metricsFailures,
            first.ClientCpu(last),
            last.Client.RssKb / 1024.0,
            steady.Max(s => s.Client.Threads),
            steady.Average(s => s.LoadAverage),
            (b.MessageBytesSent - a.MessageBytesSent) / samplesSent,
            (b.MessageBytesSent - a.MessageBytesSent + (5 * (b.MessagesSent - a.MessagesSent))) / samplesSent,
            (b.WireSent - a.WireSent) / samplesSent,
            certificates, connect, failed, series);
    }
}
