using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>The runs as a table (aligned text, or Markdown to paste into the README), and a run's
/// report intervals as a table of their own: memory and CPU over time. Managed memory is the
/// collector's /metrics (heap when the last GC ended, gen2 with the large object heap, heap after
/// the last full GC, committed, gen2 GCs); "-" where it was not read.</summary>
internal static class IngestTable
{
    public static void WriteRuns(TextWriter output, IReadOnlyList<IngestResult> results, double? rate, bool markdown)
    {
        var rows = new List<string[]>
        {
            new[]
            {
                "transport", "hosts", "processes/host", "ticks/s/host", "batches/s", "process samples/s", "ack lag p50", "ack lag p99",
                "ack lag max", "kept up", "collector CPU % of a core", "collector µs/batch", "collector RSS MiB (min–max)",
                "heap MiB (min–max)", "gen2+LOH MiB (min–max)", "after full GC MiB (first→last)", "committed MiB (max)", "gen2 GCs",
                "client CPU %", "load avg", "B/sample protobuf", "B/sample gRPC", "B/sample on the wire",
            },
        };
        foreach (var r in results)
        {
            rows.Add(
            [
                r.Transport,
                Format($"{r.Hosts:N0}"),
                Format($"{r.ProcessesPerHost:F0}"),
                r.Rate,
                Format($"{r.BatchesPerSecond:N0}"),
                Format($"{r.SamplesPerSecond:N0}"),
                UsageMonitor.Ms(r.LagP50),
                UsageMonitor.Ms(r.LagP99),
                UsageMonitor.Ms(r.LagMax),
                r.KeptUp(rate) switch { true => "yes", false => "NO", null => "-" },
                Format($"{r.CollectorCpu:F1}"),
                Format($"{r.CollectorMicrosPerBatch:F0}"),
                Format($"{r.CollectorRssMinMiB:F0}–{r.CollectorRssMaxMiB:F0}"),
                CollectorMemory.MiB(r.ManagedMin.HeapBytes, r.ManagedMax.HeapBytes, "–"),
                CollectorMemory.MiB(r.ManagedMin.Gen2LohBytes, r.ManagedMax.Gen2LohBytes, "–"),
                CollectorMemory.MiB(r.ManagedFirst.AfterFullGcBytes, r.ManagedLast.AfterFullGcBytes, "→"),
                CollectorMemory.MiB(r.ManagedMax.CommittedBytes),
                UsageMonitor.Count(r.Gen2Collections),
                Format($"{r.ClientCpu:F1}"),
                Format($"{r.LoadAverage:F1}"),
                Format($"{r.MessageBytesPerSample:F1}"),
                Format($"{r.GrpcBytesPerSample:F1}"),
                Format($"{r.WireBytesPerSample:F1}"),
            ]);
        }
        Write(output, rows, markdown);
    }

    public static void WriteSeries(TextWriter output, IngestResult result, bool markdown)
    {
        var rows = new List<string[]>
        {
            new[]
            {
                "t s", "batches/s", "process samples/s", "ack lag p50", "ack lag p99", "collector CPU %", "collector RSS MiB",
                "heap MiB", "gen2+LOH MiB", "after full GC MiB", "committed MiB", "gen2 GCs", "client CPU %", "load avg",
            },
        };
        foreach (var r in result.Series)
        {
            rows.Add(
            [
                Format($"{r.Seconds:F0}"),
                Format($"{r.BatchesPerSecond:N0}"),
                Format($"{r.SamplesPerSecond:N0}"),
                UsageMonitor.Ms(r.LagP50),
                UsageMonitor.Ms(r.LagP99),
                Format($"{r.CollectorCpu:F1}"),
                Format($"{r.CollectorRssMiB:F0}"),
                CollectorMemory.MiB(r.Managed.HeapBytes),
                CollectorMemory.MiB(r.Managed.Gen2LohBytes),
                CollectorMemory.MiB(r.Managed.AfterFullGcBytes),
                CollectorMemory.MiB(r.Managed.CommittedBytes),
                UsageMonitor.Count(r.Managed.Gen2Collections),
                Format($"{r.ClientCpu:F1}"),
                Format($"{r.LoadAverage:F1}"),
            ]);
        }
        Write(output, rows, markdown);
    }

    private static void Write(TextWriter output, List<string[]> rows, bool markdown)
    {
        if (markdown)
        {
            output.WriteLine($"| {string.Join(" | ", rows[0])} |");
            output.WriteLine($"|{string.Concat(rows[0].Select((_, i) => i == 0 ? "---|" : "---:|"))}");
            foreach (string[] row in rows.Skip(1))
            {
                output.WriteLine($"| {string.Join(" | ", row)} |");
            }
            return;
        }
        int[] widths = [.. rows[0].Select((_, i) => rows.Max(r => r[i].Length))];
        foreach (string[] row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadLeft(widths[i]))));
        }
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
