using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// The real collector (<c>hsguard-collector run</c>) in a process of its own, so that its CPU and
/// memory are its own, with its state (certificate authority included) in a directory of the run
/// and its log in collector.log there. Its web port (the gRPC port + 1, 127.0.0.1) serves /metrics
/// to a monitor account of the run, for its managed-memory figures. Stopped with SIGTERM, as systemd
/// stops it; killed, by its pid, only if it does not stop within 30 s.
/// </summary>
internal sealed class CollectorProcess : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private CollectorProcess(Process process, string log, CollectorMetricsClient metrics)
    {
        _process = process;
        LogPath = log;
        Metrics = metrics;
    }

    public int Pid => _process.Id;

    public string LogPath { get; }

    /// <summary>Its /metrics, read with the run's monitor account.</summary>
    public CollectorMetricsClient Metrics { get; }

    /// <summary>Starts it on 127.0.0.1:<paramref name="port"/>, its web port on the next; <paramref name="environment"/> holds extra
    /// variables (HSGUARD_* configuration, DOTNET_* runtime settings).</summary>
    public static CollectorProcess Start(string dll, string stateDirectory, int port, bool plaintext, IEnumerable<string> serverNames,
        IReadOnlyDictionary<string, string> environment)
    {
        string config = Path.Combine(stateDirectory, "collector.json");
        string accounts = Path.Combine(stateDirectory, "accounts.yaml");
        int webPort = port + 1;
        CollectorMetricsClient? metrics = CollectorMetricsClient.WithNewAccount(accounts, stateDirectory, webPort);
        try
        {
            File.WriteAllText(config, JsonSerializer.Serialize(new
            {
                Collector = new
                {
                    StateDirectory = stateDirectory,
                    Grpc = new { Listen = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), PlaintextOnLoopback = plaintext },
                    // On for /metrics only: read every sample interval, as a Prometheus server would.
                    Web = new { Listen = "127.0.0.1:" + webPort.ToString(CultureInfo.InvariantCulture), AccountsFile = accounts },
                    Tls = new { ServerNames = serverNames.ToArray() },
                },
            }));
            string log = Path.Combine(stateDirectory, "collector.log");
            var (dotnet, arguments) = TraceRecording.Dotnet(dll, "run", "--config", config);
            // Through sh only to send its output to the log: exec makes the pid the collector's own.
            var start = new ProcessStartInfo("/bin/sh", ["-c", "exec \"$0\" \"$@\" >\"$HSGUARD_BENCH_LOG\" 2>&1", dotnet, .. arguments])
            {
                UseShellExecute = false,
            };
            start.Environment["HSGUARD_BENCH_LOG"] = log;
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the collector");
            var collector = new CollectorProcess(process, log, metrics);
            metrics = null;
            return collector;
        }
        finally
        {
            // Only when the start failed: the collector owns it otherwise.
            metrics?.Dispose();
        }
    }

    /// <summary>Waits until the collector accepts connections on <paramref name="port"/>.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the collector exited with {_process.ExitCode}:\n{await File.ReadAllTextAsync(LogPath)}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (Stopwatch.GetElapsedTime(start) < timeout)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>SIGTERM, then up to 30 s for it to end. Returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            ChildProcess.Run("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Metrics.Dispose();
    }
}
