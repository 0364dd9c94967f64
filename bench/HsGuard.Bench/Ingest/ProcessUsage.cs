using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>A process's CPU time so far and its memory, read from /proc/PID/stat (utime and stime,
/// fields 14 and 15, in USER_HZ ticks) and /proc/PID/status (VmRSS, VmHWM, Threads).</summary>
internal readonly record struct ProcessUsage(long CpuTicks, long RssKb, long PeakRssKb, int Threads)
{
    /// <summary>USER_HZ, 100 on every Linux architecture HsGuard runs on.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>Null once the process is gone.</summary>
    public static ProcessUsage? Read(string pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which may hold spaces: the first is field 3 (state).
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long cpu = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
            long rss = 0, hwm = 0;
            int threads = 0;
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = (int)Kilobytes(line);
                }
            }
            return new ProcessUsage(cpu, rss, hwm, threads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The machine's load average over the last minute (/proc/loadavg): how much else wants
    /// the two cores. (The busy time of /proc/stat is not used: in this project's VMs it misses time.)</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
}
