using System.Diagnostics;
using System.Globalization;
using HsGuard.Collector.Detection.Baseline;
using HsGuard.Collector.Ingest;

namespace HsGuard.Bench.Baseline;

/// <summary>
/// The baseline at a fleet's size, with synthetic deterministic users (a few percent of CPU, an
/// hourly cron job, some noise). Memory kept is the managed heap after a forced full collection,
/// before and after filling, divided by the windows: first bare histories of
/// <c>compareUsers</c> users both ways (compact as now, and <see cref="FeatureWindow"/>s in a plain
/// <see cref="History{T}"/> as before), then the collector's own <see cref="BaselineWindows"/> for
/// all users, each user's dictionary entry, lock and current minute included. Training is timed
/// once; its peak is the managed heap read every 10 ms during it, less the heap before it.
/// </summary>
internal static class BaselineBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Run(int users, int windows, int trainingRows, int compareUsers, TextWriter output)
    {
        var ci = CultureInfo.InvariantCulture;
        var options = new BaselineOptions { HistoryWindows = windows, MaxUsers = users, TrainingRows = trainingRows };
        output.WriteLine(string.Create(ci, $"{users:N0} users x {windows:N0} windows; TrainingRows {trainingRows:N0}, MinWindows {options.MinWindows}, Clusters {options.Clusters}"));
        output.WriteLine();
        output.WriteLine("| kept as | users | windows | managed MiB | B per window |");
        output.WriteLine("|---|---:|---:|---:|---:|");

        var compact = Kept(() =>
        {
            var kept = new WindowHistory[compareUsers];
            Fill(compareUsers, windows, (u, w) => (kept[u] ??= new WindowHistory(windows)).Add(w));
            return kept;
        });
        Row(output, "compact history (now)", compareUsers, windows, compact);
        var plain = Kept(() =>
        {
            var kept = new History<FeatureWindow>[compareUsers];
            Fill(compareUsers, windows, (u, w) => (kept[u] ??= new History<FeatureWindow>(windows)).Add(w));
            return kept;
        });
        Row(output, "FeatureWindow history (before)", compareUsers, windows, plain);

        BaselineWindows? all = null;
        var collector = Kept(() =>
        {
            all = new BaselineWindows(options);
            Fill(users, windows, (u, w) => all.Add(Key(u), w));
            return all;
        });
        Row(output, "BaselineWindows (collector, all in)", users, windows, collector);

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = before;
        using var done = new ManualResetEventSlim();
        var watcher = new Thread(() =>
        {
            while (!done.Wait(10))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        }) { IsBackground = true };
        watcher.Start();
        var clock = Stopwatch.StartNew();
        var model = BaselineModel.Train(all!, options.MinWindows, options.Clusters, options.TrainingRows, Start.AddDays(1))
            ?? throw new InvalidOperationException("nothing trained");
        clock.Stop();
        done.Set();
        watcher.Join();
        output.WriteLine();
        output.WriteLine(string.Create(ci,
            $"training: {model.Users:N0} users, {model.Windows:N0} rows to k-means, {clock.Elapsed.TotalSeconds:F1} s, "
            + $"peak managed memory +{(peak - before) / 1048576.0:N0} MiB over the {before / 1048576.0:N0} MiB before it; process peak RSS {PeakRssMiB():N0} MiB"));
        GC.KeepAlive(all);
    }

    private static void Fill(int users, int windows, Action<int, FeatureWindow> add)
    {
        for (int u = 0; u < users; u++)
        {
            var random = new Random(u);
            for (int m = 0; m < windows; m++)
            {
                bool cron = m % 60 < 3;
                float cpu = cron ? 90 + (float)random.NextDouble() * 20 : 2 + (float)random.NextDouble() * 4;
                add(u, new FeatureWindow(Start.AddMinutes(m), cpu, cpu * (1 + (float)random.NextDouble()), (float)random.NextDouble(),
                    random.Next(4, 16), random.Next(1, 8), cron ? 20 : random.Next(0, 6), cron ? 1 : random.Next(0, 2)));
            }
        }
    }

    private static UserKey Key(int user) => new(string.Create(CultureInfo.InvariantCulture, $"host{user / 21:D4}"), (uint)(1000 + (user % 21)));

    /// <summary>Managed bytes that what <paramref name="fill"/> builds holds, after full collections.</summary>
    private static long Kept(Func<object> fill)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = fill();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return after - before;
    }

    private static void Row(TextWriter output, string what, int users, int windows, long bytes) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {users:N0} | {(long)users * windows:N0} | {bytes / 1048576.0:N1} | {(double)bytes / ((long)users * windows):F1} |"));

    private static double PeakRssMiB()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
