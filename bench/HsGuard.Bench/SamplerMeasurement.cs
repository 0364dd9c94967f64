using System.Diagnostics;
using System.Globalization;
using HsGuard.Agent.Sampling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HsGuard.Bench;

/// <summary>
/// Runs the agent's <see cref="ProcessSampler"/> over /proc with its default options and prints
/// what one pass costs in procfloor's form: a "rep" line per repetition, then a "MEDIAN" line of
/// per-field medians. CPU is the whole process's user+sys (Environment.CpuUsage, which is
/// getrusage(RUSAGE_SELF) as in procfloor), so the runtime's own threads count against the sampler
/// as they would in the agent.
/// </summary>
internal static class SamplerMeasurement
{
    /// <summary>Tiered compilation promotes hot methods about 100 ms after tier-0 activity calms
    /// down; a second of passes puts the measured ones in their final code.</summary>
    private static readonly TimeSpan MinimumWarmUp = TimeSpan.FromSeconds(1);

    public static void Run(int passes, int reps, int warmUpPasses, TextWriter output)
    {
        // The public constructor, as the agent's container calls it. (The agent's InternalsVisibleTo
        // names HsGuard.Bench, not this assembly, hsguard-bench; nothing internal is needed.)
        using var sampler = new ProcessSampler(Options.Create(new SamplerOptions()), TimeProvider.System, NullLogger<ProcessSampler>.Instance);
        long warmUpStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmUpPasses || Stopwatch.GetElapsedTime(warmUpStart) < MinimumWarmUp; i++)
        {
            sampler.Sample();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var costs = new PassCost[reps];
        int gen0Before = GC.CollectionCount(0);
        for (int r = 0; r < reps; r++)
        {
            costs[r] = MeasureRep(sampler, passes);
            output.WriteLine(costs[r].Format("rep", passes, reps));
        }
        int gen0 = GC.CollectionCount(0) - gen0Before;

        var median = PassCost.Median(costs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{median.Format("MEDIAN", passes, reps)} gen0_collections={gen0} rss_hwm_kb={PeakResidentKb()}"));
    }

    /// <summary>The timed loop: nothing in it but the passes and a few sums. Bytes allocated in a
    /// pass that admitted a new process (a ProcessEntry, its name and command line) are counted
    /// apart, so that the steady state is seen on a host where processes come and go. A pass
    /// that admitted none may still allocate a renamed process's new name (an exec, or a kernel
    /// worker that took up another workqueue).</summary>
    private static PassCost MeasureRep(ProcessSampler sampler, int passes)
    {
        long processes = 0;
        long started = 0;
        long steadyBytes = 0;
        int steadyPasses = 0;
        int known = sampler.Count;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        long wallBefore = Stopwatch.GetTimestamp();
        for (int k = 0; k < passes; k++)
        {
            long passBytes = GC.GetAllocatedBytesForCurrentThread();
            var frame = sampler.Sample();
            passBytes = GC.GetAllocatedBytesForCurrentThread() - passBytes;
            // The table now = the table before - exited + admitted.
            int admitted = sampler.Count - known + frame.Exited.Length;
            known = sampler.Count;
            processes += frame.Processes.Length;
            started += admitted;
            if (admitted == 0)
            {
                steadyBytes += passBytes;
                steadyPasses++;
            }
        }
        var wall = Stopwatch.GetElapsedTime(wallBefore);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        return new PassCost(
            Processes: (int)(processes / passes),
            WallMicrosPerPass: wall.TotalMicroseconds / passes,
            CpuMicrosPerPass: cpu.TotalMicroseconds / passes,
            CpuNanosPerProcess: cpu.TotalNanoseconds / Math.Max(processes, 1),
            BytesPerPass: (double)bytes / passes,
            SteadyBytesPerPass: steadyPasses > 0 ? (double)steadyBytes / steadyPasses : double.NaN,
            StartedPerPass: (double)started / passes);
    }

    /// <summary>VmHWM of /proc/self/status: the peak resident set, in kB.</summary>
    private static long PeakResidentKb()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
        return -1;
    }
}
