using System.Globalization;
using HsGuard.Collector.Cli;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Detection.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Bench.Detect;

/// <summary>
/// The cost of detection per process sample and the replay's speed. The same traces are replayed
/// through the collector's <see cref="Replayer"/> (ingest and detection, as live batches go) with a
/// rule set of no rules and with the shipped rules, in turns, so that the difference is detection
/// alone; for each number of hosts, since an incident book that holds more incidents may cost more
/// a sample; and from the trace files, as <c>hsguard-collector replay</c> reads them (JSON included).
/// Bytes allocated are counted over the whole replay (all threads, precise) and divided by its
/// process samples: what detection allocates is the difference between the two rule sets.
/// </summary>
internal static class DetectBenchmark
{
    public static async Task RunAsync(HostTraces traces, IReadOnlyList<int> hostCounts, int reps, TextWriter output, CancellationToken cancel)
    {
        var ci = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(ci,
            $"{traces.Paths.Count} traces, per host {traces.BatchesPerHost:N0} batches and {traces.SamplesPerHost:N0} process samples; "
            + $"{reps} repetitions, medians"));
        string none = Path.Combine(Directory.CreateTempSubdirectory("hsguard-bench-detect-").FullName, "none.yaml");
        await File.WriteAllTextAsync(none, "# no rules: the replay without detection's rules\n[]\n", cancel);
        try
        {
            output.WriteLine();
            output.WriteLine("| hosts | process samples | incidents | no rules: samples/s | shipped rules: samples/s | µs per sample with rules | of which detection µs "
                + "| allocated B per sample, no rules | with rules | time with rules / without |");
            output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (int hosts in hostCounts)
            {
                var withoutRules = new List<double>();
                var withRules = new List<double>();
                var bytesWithout = new List<double>();
                var bytesWith = new List<double>();
                int incidents = 0;
                for (int rep = 0; rep < reps; rep++)
                {
                    var bareRun = await ReplayAsync(none, r => r.Run(traces.ForHosts(hosts), cancel), cancel);
                    withoutRules.Add(bareRun.NanosPerSample);
                    bytesWithout.Add(bareRun.BytesPerSample);
                    var run = await ReplayAsync(RulesOptions.ShippedDirectory, r => r.Run(traces.ForHosts(hosts), cancel), cancel);
                    withRules.Add(run.NanosPerSample);
                    bytesWith.Add(run.BytesPerSample);
                    incidents = run.Incidents;
                }
                double bare = Median(withoutRules), full = Median(withRules);
                output.WriteLine(string.Create(ci,
                    $"| {hosts:N0} | {traces.SamplesPerHost * hosts:N0} | {incidents:N0} | {1e9 / bare:N0} | {1e9 / full:N0} | {full / 1000:0.00} | {(full - bare) / 1000:0.00} "
                    + $"| {Median(bytesWithout):N0} | {Median(bytesWith):N0} | {full / bare:0.00}x |"));
            }
            var fromFiles = new List<double>();
            for (int rep = 0; rep < reps; rep++)
            {
                fromFiles.Add((await ReplayAsync(RulesOptions.ShippedDirectory, r => r.Run(traces.Paths, cancel), cancel)).NanosPerSample);
            }
            output.WriteLine();
            output.WriteLine(string.Create(ci,
                $"replay from the trace files (JSON parsed, one host, shipped rules, as hsguard-collector replay): {1e9 / Median(fromFiles):N0} samples/s"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(none)!, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One replay with fresh services (a new incident book), built as the replay command
    /// builds them; the time per process sample and the incidents it opened.</summary>
    private static async Task<(double NanosPerSample, double BytesPerSample, int Incidents)> ReplayAsync(string rules, Func<Replayer, ReplayStatistics> replay,
        CancellationToken cancel)
    {
        await using var services = DetectionServices.Build(null, _ => { }, new KeyValuePair<string, string?>($"{RulesOptions.Section}:Paths:0", rules));
        var rulesService = services.GetRequiredService<RulesService>();
        await rulesService.StartAsync(cancel);
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var stats = replay(services.GetRequiredService<Replayer>());
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            long samples = Math.Max(1, stats.Samples);
            return (stats.Elapsed.TotalNanoseconds / samples, (double)allocated / samples, services.GetRequiredService<IncidentBook>().All.Count);
        }
        finally
        {
            await rulesService.StopAsync(CancellationToken.None);
        }
    }
}
