using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// <c>ingest</c>: records the trace if there is none, then one run per host count, each against a
/// fresh collector; prints the runs' table, their details, and each run's intervals over time.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task RunAsync(IngestSettings settings, TextWriter output, TextWriter progress, CancellationToken cancel)
    {
        if (settings.Rerecord || !File.Exists(settings.TracePath))
        {
            TraceRecording.Record(settings.Trace, settings.TracePath, progress, cancel);
        }
        var loop = TraceLoop.Load(settings.TracePath, settings.Hosts.Max());
        var shape = TraceShape.Of(loop.Recorded);
        shape.Write(progress, settings.TracePath);
        progress.WriteLine(Format($"  transition at each turn of the loop: {loop.Transition.Started.Count} started, {loop.Transition.Updated.Count} updated, {loop.Transition.Exited.Count} exited"));
        if (settings.RecordOnly)
        {
            return;
        }

        var results = new List<IngestResult>();
        foreach (int hosts in settings.Hosts)
        {
            progress.WriteLine();
            progress.WriteLine(Format($"== {hosts} hosts, {settings.RateText} batches/s each, {settings.Transport}, {settings.Warmup.TotalSeconds:F0} s warm-up + {settings.Duration.TotalSeconds:F0} s"));
            results.Add(await IngestRun.RunAsync(settings, loop, hosts, progress));
        }

        output.WriteLine();
        IngestTable.WriteRuns(output, results, settings.Rate, settings.Markdown);
        output.WriteLine();
        string bullet = settings.Markdown ? "- " : "";
        output.WriteLine(Format($"{bullet}{Environment.ProcessorCount} cores, Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}; steady window of {results[0].Seconds:F0} s after {settings.Warmup.TotalSeconds:F0} s of warm-up; trace: {shape.Processes:F0} processes, {shape.SamplesPerBatch:F1} process samples a batch ({shape.Started:F1} started, {shape.Updated:F1} updated), {shape.Users:F0} users."));
        foreach (var r in results)
        {
            output.WriteLine(Format($"{bullet}{r.Hosts:N0} hosts ({r.Transport}, {r.Rate}/s): certificates {r.CertificateTime.TotalSeconds:F1} s, connect (handshake, hello, keyframe) {r.ConnectTime.TotalSeconds:F1} s; collector {r.CollectorMicrosPerSample:F2} µs CPU a process sample, peak RSS {r.CollectorPeakMiB:F0} MiB; client RSS {r.ClientRssMiB:F0} MiB, {r.ClientThreads} threads; {r.LateSends} sends late by over a tick, {r.Backlog} batches unacknowledged at the end, {r.Failed} hosts failed; {r.CallsLost} calls lost, {r.BatchesResent} batches resent, {r.Unacknowledged} unacknowledged after the stop; {r.MetricsFailures} reads of the collector's /metrics failed."));
        }
        foreach (var r in results)
        {
            output.WriteLine();
            output.WriteLine(Format($"{r.Hosts:N0} hosts ({r.Transport}, {r.Rate}/s) over time (each line: the interval before t):"));
            output.WriteLine();
            IngestTable.WriteSeries(output, r, settings.Markdown);
        }
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
