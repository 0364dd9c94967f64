using System.Globalization;

namespace HsGuard.Bench;

/// <summary>
/// For each size: counts the host's processes, starts idle ones to reach the size, runs
/// procfloor -v at_fs, procfloor -v keep_fd and <c>hsguard-bench measure</c> one after the other
/// (each in a process of its own, so each peak RSS is its own), then stops the idle processes.
/// </summary>
internal static class SamplerBenchmark
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(10);

    public static void Run(SamplerBenchSettings settings, TextWriter output, TextWriter progress)
    {
        using var tools = NativeTools.Build(progress, settings.FloorSource, NativeTools.Shipped("idler.c"));
        var results = new List<SizeResult>();
        for (int i = 0; i < settings.Sizes.Length; i++)
        {
            results.Add(RunSize(tools, settings.Sizes[i], settings.PassesFor(i), settings.Reps, progress));
        }
        ResultTable.Write(output, results, settings.Markdown);
        output.WriteLine();
        output.WriteLine(Format($"µs/proc: CPU (user+sys) per process per pass, median of {settings.Reps} repetitions; {Environment.ProcessorCount} cores, Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}."));
        GoalCheck.Write(output, results, settings.Markdown);
    }

    private static SizeResult RunSize(NativeTools tools, int size, int passes, int reps, TextWriter progress)
    {
        int present = HostProcesses.Count();
        // While a variant runs the host holds what it holds now, the idle ones, and the measuring process.
        int wanted = size - present - 1;
        using var idle = wanted > 0 ? HeldProcesses.StartIdle(tools.Idler, wanted) : null;
        int listed = HostProcesses.WaitForAtLeast(present + (idle?.Count ?? 0), ListTimeout);
        progress.WriteLine(Format($"size {size}: {present} processes on the host, {idle?.Count ?? 0} idle ones started, {listed} listed; {passes} passes x {reps} repetitions"));

        string k = passes.ToString(CultureInfo.InvariantCulture);
        string r = reps.ToString(CultureInfo.InvariantCulture);
        var atFs = Measure(progress, tools.Floor, ["-v", "at_fs", "-k", k, "-r", r]);
        var keepFd = Measure(progress, tools.Floor, ["-v", "keep_fd", "-k", k, "-r", r]);
        var (self, arguments) = ChildProcess.Self("measure", "--passes", k, "--reps", r);
        var hsguard = Measure(progress, self, arguments);
        return new SizeResult(size, atFs, keepFd, hsguard);
    }

    private static BenchLine Measure(TextWriter progress, string file, string[] arguments)
    {
        var line = ChildProcess.RunForMedian(file, arguments);
        progress.WriteLine($"  {line.Text}");
        return line;
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
