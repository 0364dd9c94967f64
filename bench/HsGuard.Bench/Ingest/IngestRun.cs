using System.Diagnostics;
using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// One run: a fresh collector with its state in a temporary directory, <c>hosts</c> simulated
/// agents connected to it (at most <see cref="IngestSettings.ConnectConcurrency"/> handshakes at
/// once, each ending with its keyframe applied), then each host's ticks, their phases spread evenly
/// over the period, for the warm-up and the duration; the monitor reads the counters and both
/// processes' usage every sample interval; a host whose call fails reconnects as the agent does.
/// Then the hosts end their calls and the collector stops.
/// </summary>
internal static class IngestRun
{
    public static async Task<IngestResult> RunAsync(IngestSettings settings, TraceLoop loop, int hosts, TextWriter progress)
    {
        var state = Directory.CreateTempSubdirectory("hsguard-ingest-");
        try
        {
            string[] names = [.. Enumerable.Range(1, hosts).Select(IngestSettings.HostName)];
            long started = Stopwatch.GetTimestamp();
            using var certificates = settings.Plaintext ? null
                : AgentCertificates.Create(Path.Combine(state.FullName, "pki"), IngestSettings.ServerNames, names);
            var certificateTime = Stopwatch.GetElapsedTime(started);
            if (certificates is not null)
            {
                progress.WriteLine(Format($"{hosts} client certificates issued in {certificateTime.TotalSeconds:F1} s"));
            }
            using var collector = CollectorProcess.Start(settings.CollectorDll, state.FullName, settings.Port, settings.Plaintext,
                IngestSettings.ServerNames, settings.Environment);
            await collector.WaitForPortAsync(settings.Port, TimeSpan.FromSeconds(60));
            string pid = collector.Pid.ToString(CultureInfo.InvariantCulture);
            var counters = new IngestCounters();
            var monitor = new UsageMonitor(pid, counters, collector.Metrics);
            progress.WriteLine(Format($"collector pid {pid} on port {settings.Port} ({settings.Transport}), idle RSS {monitor.Read().Collector.RssKb / 1024.0:F1} MiB"));

            using var channels = new HostChannels(settings.Port, certificates, settings.SharedConnections, counters.Wire);
            var (connected, connectTime, failed) = await ConnectAllAsync(settings, loop, names, channels, counters, progress);
            try
            {
                progress.WriteLine(Format($"{connected.Count} hosts connected (hello, keyframe applied) in {connectTime.TotalSeconds:F1} s; {failed} failed; collector RSS {monitor.Read().Collector.RssKb / 1024.0:F1} MiB"));
                using var stop = new CancellationTokenSource();
                long period = settings.Rate is { } rate ? (long)(Stopwatch.Frequency / rate) : 0;
                long first = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;
                var running = connected.Select((host, i) => RunHostAsync(host, first + (period * i / connected.Count), period, stop.Token, progress)).ToList();
                var (steady, series) = await monitor.WatchAsync(settings, progress);
                await stop.CancelAsync();
                int stopFailed = (await Task.WhenAll(running)).Count(ok => !ok);
                int exitCode = await collector.StopAsync();
                progress.WriteLine(Format($"hosts stopped ({stopFailed} with an error; {counters.CallsLost} calls lost, {counters.Reconnects} reconnects, {counters.BatchesResent} batches resent, {counters.Unacknowledged} unacknowledged); collector exited with {exitCode}; its log: {CountWarnings(collector.LogPath)} warnings or errors"));
                return IngestResult.From(settings, hosts, loop.Recorded.Skip(1).Average(b => (double)b.ProcessCount), steady,
                    certificateTime, connectTime, failed + stopFailed, series, collector.Metrics.Failures) with
                {
                    CallsLost = counters.CallsLost, BatchesResent = counters.BatchesResent, Unacknowledged = counters.Unacknowledged,
                };
            }
            finally
            {
                foreach (var host in connected)
                {
                    host.Dispose();
                }
            }
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static async Task<(List<SimulatedHost> Hosts, TimeSpan Time, int Failed)> ConnectAllAsync(IngestSettings settings, TraceLoop loop,
        string[] names, HostChannels channels, IngestCounters counters, TextWriter progress)
    {
        int window = settings.Rate is null ? settings.Window : SimulatedHost.MaxWindow;
        using var gate = new SemaphoreSlim(settings.ConnectConcurrency);
        long start = Stopwatch.GetTimestamp();
        int failed = 0;
        var tasks = names.Select(async (name, i) =>
        {
            await gate.WaitAsync();
            try
            {
                return await SimulatedHost.ConnectAsync(name, channels.For(i), loop, TraceLoop.OffsetOf(i, loop.Length), counters, window, CancellationToken.None);
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or IOException or HttpRequestException)
            {
                if (Interlocked.Increment(ref failed) <= 3)
                {
                    progress.WriteLine($"{name}: cannot connect: {e.Message}");
                }
                return null;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var hosts = (await Task.WhenAll(tasks)).OfType<SimulatedHost>().ToList();
        return (hosts, Stopwatch.GetElapsedTime(start), failed);
    }

    private static async Task<bool> RunHostAsync(SimulatedHost host, long firstDue, long period, CancellationToken stop, TextWriter progress)
    {
        try
        {
            await host.RunAsync(firstDue, period, progress, stop);
            return true;
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or IOException or InvalidOperationException)
        {
            progress.WriteLine($"{host.Name}: the call ended: {e.Message}");
            return false;
        }
    }

    private static int CountWarnings(string log) =>
        File.ReadLines(log).Count(l => l.Contains(" WRN] ", StringComparison.Ordinal) || l.Contains(" ERR] ", StringComparison.Ordinal) || l.Contains(" FTL] ", StringComparison.Ordinal));

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
