using System.CommandLine;
using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary><c>ingest</c>: the collector's ingest rate with many simulated agents replaying a
/// recorded trace over the real protocol, with the collector's CPU and memory and the bytes a
/// process sample costs on the wire.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var hosts = new Option<int[]>("--hosts")
        {
            Description = "Simulated hosts, comma-separated for one run each (each against a fresh collector).",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = SamplerCommand.ParseList,
            DefaultValueFactory = _ => [1000],
        };
        var duration = Positive("--duration", "Seconds measured after the warm-up.", 60);
        var warmup = Positive("--warmup", "Seconds after the hosts start ticking that are not measured.", 10);
        var rate = new Option<string>("--rate")
        {
            Description = "Batches a second per host, or 'unlimited': each host sends as fast as its window of unacknowledged batches allows.",
            DefaultValueFactory = _ => "1",
        };
        rate.Validators.Add(r =>
        {
            if (ParseRate(r.GetValueOrDefault<string>()) is null && r.GetValueOrDefault<string>() != "unlimited")
            {
                r.AddError("--rate takes a positive number of batches a second, or 'unlimited'");
            }
        });
        var window = Positive("--window", $"With --rate unlimited: unacknowledged batches a host may have (at most {SimulatedHost.MaxWindow}).", 4);
        var plaintext = new Option<bool>("--plaintext") { Description = "Plain HTTP/2 (Collector:Grpc:PlaintextOnLoopback) instead of mutual TLS." };
        var shared = new Option<bool>("--shared-connections") { Description = "With --plaintext: all hosts over one channel, sharing few HTTP/2 connections (default: a connection per host)." };
        var trace = new Option<FileInfo>("--trace")
        {
            Description = "The trace the hosts replay; recorded first when it does not exist. Defaults to ingest-trace.jsonl beside this program.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine(AppContext.BaseDirectory, "ingest-trace.jsonl")),
        };
        var rerecord = new Option<bool>("--rerecord") { Description = "Record the trace again even if it exists." };
        var recordOnly = new Option<bool>("--record-only") { Description = "Record the trace (if needed), describe it, and run nothing." };
        var recordSeconds = Positive("--record-seconds", "Length of a recorded trace (one batch a second).", 300);
        var processes = Positive("--processes", "Processes on this host while recording (idle ones added).", 500);
        var busy = Positive("--busy", "Processes that use CPU every second while recording.", 50);
        var burn = Positive("--burn-ms", "CPU milliseconds a second of each busy process.", 12);
        var users = Positive("--users", "Users the busy processes are spread over (needs root).", 20);
        var starts = new Option<int>("--starts-per-minute") { Description = "Short-lived processes (5 s each) started a minute while recording.", DefaultValueFactory = _ => 30 };
        var collector = new Option<FileInfo>("--collector")
        {
            Description = "hsguard-collector.dll to run. Defaults to the repository's collector/bin/Release/net10.0/hsguard-collector.dll.",
            DefaultValueFactory = _ => new FileInfo(RepositoryRoot.ReleaseBuild("collector", "hsguard-collector")),
        };
        var agent = new Option<FileInfo>("--agent")
        {
            Description = "hsguard-agent.dll that records the trace. Defaults to the repository's agent/bin/Release/net10.0/hsguard-agent.dll.",
            DefaultValueFactory = _ => new FileInfo(RepositoryRoot.ReleaseBuild("agent", "hsguard-agent")),
        };
        var port = Positive("--port", "Loopback port of the collector; its web port (/metrics, read at each reading) is the next.", 17443);
        var connect = Positive("--connect-concurrency", "Hosts connecting at once.", 32);
        var sample = Positive("--sample-seconds", "Seconds between readings of CPU, memory and counters.", 5);
        var report = Positive("--report-seconds", "Seconds between lines of the over-time table.", 30);
        var markdown = new Option<bool>("--markdown") { Description = "Print Markdown tables." };
        var environment = new Option<string[]>("--collector-env")
        {
            Description = "KEY=VALUE in the collector's environment (HSGUARD_Collector__Ingest__HistoryLength=60, DOTNET_gcServer=0); repeatable.",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var command = new Command("ingest", "Collector ingest rate: simulated agents stream a recorded trace to a real collector.")
        {
            hosts, duration, warmup, rate, window, plaintext, shared, trace, rerecord, recordOnly, recordSeconds, processes, busy, burn, users, starts,
            collector, agent, port, connect, sample, report, markdown, environment,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(shared) && !r.GetValue(plaintext))
            {
                r.AddError("--shared-connections needs --plaintext: over mutual TLS each host is its own connection");
            }
            if (r.GetValue(window) > SimulatedHost.MaxWindow)
            {
                r.AddError($"--window is at most {SimulatedHost.MaxWindow}");
            }
            if (r.GetValue(environment)!.Any(e => !e.Contains('=', StringComparison.Ordinal)))
            {
                r.AddError("--collector-env takes KEY=VALUE");
            }
        });
        command.SetAction(async (result, cancel) =>
        {
            var settings = new IngestSettings(
                result.GetValue(hosts)!,
                TimeSpan.FromSeconds(result.GetValue(duration)),
                TimeSpan.FromSeconds(result.GetValue(warmup)),
                ParseRate(result.GetValue(rate)!),
                result.GetValue(window),
                result.GetValue(plaintext),
                result.GetValue(shared),
                result.GetValue(trace)!.FullName,
                result.GetValue(rerecord),
                result.GetValue(recordOnly),
                new TraceSettings(result.GetValue(recordSeconds), result.GetValue(processes), result.GetValue(busy), result.GetValue(burn),
                    result.GetValue(users), result.GetValue(starts), result.GetValue(agent)!.FullName),
                result.GetValue(collector)!.FullName,
                result.GetValue(port),
                result.GetValue(connect),
                TimeSpan.FromSeconds(result.GetValue(sample)),
                TimeSpan.FromSeconds(result.GetValue(report)),
                result.GetValue(markdown),
                result.GetValue(environment)!.Select(e => e.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]));
            try
            {
                await IngestBenchmark.RunAsync(settings, Console.Out, Console.Error, cancel);
                return 0;
            }
            catch (OperationCanceledException e) when (cancel.IsCancellationRequested || e.CancellationToken.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM: while recording, caught by the recording itself (see TraceRecording).
                Console.Error.WriteLine("hsguard-bench: cancelled");
                return 130;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or System.ComponentModel.Win32Exception
                or HsGuard.Collector.Security.CertificateAuthorityException)
            {
                Console.Error.WriteLine($"hsguard-bench: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static double? ParseRate(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) && rate > 0 && double.IsFinite(rate) ? rate : null;

    private static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description + $" Defaults to {defaultValue}.", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => MeasureCommand.MustBePositive(r, name));
        return option;
    }
}
