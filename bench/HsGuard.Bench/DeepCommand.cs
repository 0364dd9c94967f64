using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HsGuard.Agent.Sampling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HsGuard.Bench;

/// <summary>
/// <c>deep</c>: what the deep look costs for one busy process. A burner (tests/programs/burner.c)
/// with N threads (80 % of one core in all, so that the machine is not saturated), huge pages and
/// a connection to a loopback listener is sampled with the agent's default options, passes 100 ms
/// apart (CPU ticks are 10 ms: the burner shows CPU in each). Reported per deep look at the burner:
/// the time its detail and deep reads took (the sampler's own clock), as the median (a look that
/// finds its connection's table in the cache) and the mean (with the table read again every
/// TcpTables.RefreshPasses passes); and beside it what a pass costs with and without deep looks
/// (a second sampler with DeepCpuPercent 10,000 in turn; CPU of this process), where every
/// process of the host at 25 % or more gets a deep look.
/// </summary>
internal static class DeepCommand
{
    private static readonly TimeSpan Cadence = TimeSpan.FromMilliseconds(100);

    public static Command Create()
    {
        var threads = new Option<int[]>("--threads")
        {
            Description = "Threads of the busy process, comma-separated: one measurement each.",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = SamplerCommand.ParseList,
            DefaultValueFactory = _ => [2, 16],
        };
        var passes = new Option<int>("--passes") { Description = "Passes of each sampler per repetition.", DefaultValueFactory = _ => 50 };
        var reps = new Option<int>("--reps") { Description = "Repetitions; medians are reported.", DefaultValueFactory = _ => 3 };
        passes.Validators.Add(r => MeasureCommand.MustBePositive(r, "--passes"));
        reps.Validators.Add(r => MeasureCommand.MustBePositive(r, "--reps"));
        var command = new Command("deep", "Cost of the deep look at one busy process (threads, descriptors, connections, huge pages).")
        {
            threads, passes, reps,
        };
        command.SetAction(result =>
        {
            string? source = RepositoryRoot.Find() is { } root ? Path.Combine(root, "tests", "programs", "burner.c") : null;
            if (source is null)
            {
                Console.Error.WriteLine("HsGuard.sln not found above this directory or the program: burner.c is needed");
                return 2;
            }
            var dir = Directory.CreateTempSubdirectory("hsguard-deep-");
            try
            {
                string burner = Path.Combine(dir.FullName, "burner");
                var gcc = ChildProcess.Run("gcc", ["-O2", "-Wall", "-pthread", "-o", burner, source], captureErrors: true);
                if (gcc.ExitCode != 0)
                {
                    throw new InvalidOperationException($"gcc failed on {source}:\n{gcc.Errors}");
                }
                Console.WriteLine("threads  looks  µs/look (median)  µs/look (mean)  pass CPU µs (deep)  pass CPU µs (none)  deep looks/pass  fds  connections");
                foreach (int n in result.GetValue(threads)!)
                {
                    Console.WriteLine(Measure(burner, n, result.GetValue(passes), result.GetValue(reps)));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"\nmedians of {result.GetValue(reps)} repetitions of {result.GetValue(passes)} passes; {Environment.ProcessorCount} cores, Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}."));
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"hsguard-bench: {e.Message}");
                return 1;
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });
        return command;
    }

    private static string Measure(string burner, int threads, int passes, int reps)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        string duty = Math.Min(1.0, 0.8 / threads).ToString("0.###", CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(burner, ["-r", "-t", threads.ToString(CultureInfo.InvariantCulture), "-d", duty, "-H", "-p", port])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var target = Process.Start(start) ?? throw new InvalidOperationException("burner did not start");
        try
        {
            if (target.StandardOutput.ReadLine() is not { } ready || !ready.StartsWith("ready ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("burner did not get ready");
            }
            using var pool = listener.AcceptTcpClient();
            using var deep = Create(deepCpuPercent: 25);
            using var none = Create(deepCpuPercent: 10_000);
            Run(deep, none, target.Id, 10);
            var results = new List<RepResult>();
            for (int r = 0; r < reps; r++)
            {
                results.Add(Run(deep, none, target.Id, passes));
            }
            double Median(Func<RepResult, double> field) => results.Select(field).Order().ElementAt(results.Count / 2);
            var last = results[^1];
            return string.Create(CultureInfo.InvariantCulture,
                $"{threads,7}  {Median(r => r.Looks),5:F0}  {Median(r => r.MedianMicros),16:F1}  {Median(r => r.MeanMicros),14:F1}  {Median(r => r.DeepPassCpu),18:F1}  {Median(r => r.NonePassCpu),18:F1}  {Median(r => r.LooksPerPass),15:F1}  {last.Fds,3}  {last.Connections,11}");
        }
        finally
        {
            target.Kill();
            target.WaitForExit();
        }
    }

    private static ProcessSampler Create(double deepCpuPercent) => new(
        Options.Create(new SamplerOptions { DeepCpuPercent = deepCpuPercent }), TimeProvider.System, NullLogger<ProcessSampler>.Instance);

    /// <summary>Passes of both samplers in turn.</summary>
    private static RepResult Run(ProcessSampler deep, ProcessSampler none, int pid, int passes)
    {
        var looks = new List<double>();
        double deepCpu = 0, noneCpu = 0;
        int allLooks = 0, fds = 0, connections = 0;
        for (int k = 0; k < passes; k++)
        {
            Thread.Sleep(Cadence);
            var cpu = Environment.CpuUsage.TotalTime;
            var frame = deep.Sample();
            deepCpu += (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds;
            allLooks += frame.DeepLooks;
            foreach (var p in frame.Processes)
            {
                if (p.Pid == pid && p.Deep is { } d)
                {
                    looks.Add(p.DeepCost.TotalMicroseconds);
                    (fds, connections) = (d.OpenFiles, d.Connections.Length);
                }
            }
            cpu = Environment.CpuUsage.TotalTime;
            none.Sample();
            noneCpu += (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds;
        }
        looks.Sort();
        return new RepResult(
            looks.Count,
            looks.Count > 0 ? looks[looks.Count / 2] : double.NaN,
            looks.Count > 0 ? looks.Average() : double.NaN,
            deepCpu / passes,
            noneCpu / passes,
            (double)allLooks / passes,
            fds,
            connections);
    }

    private readonly record struct RepResult(
        int Looks, double MedianMicros, double MeanMicros, double DeepPassCpu, double NonePassCpu, double LooksPerPass, int Fds, int Connections);
}
