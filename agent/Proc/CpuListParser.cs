namespace HsGuard.Agent.Proc;

/// <summary>
/// A CPU list as the kernel prints it ("%*pbl", cpuset(7) "List format"): ranges and single CPUs
/// in ascending order separated by commas, "0-3,8,10-11". /proc/PID/task/TID/status shows a
/// thread's allowed CPUs this way in its Cpus_allowed_list line; one number alone means the
/// thread is pinned to that CPU.
/// </summary>
public static class CpuListParser
{
    /// <summary>Highest CPU number accepted (the kernel's NR_CPUS is at most 8192).</summary>
    private const int MaxCpu = 1 << 16;

    /// <summary>Counts the CPUs of <paramref name="list"/> and gives the lowest. False for an
    /// empty or malformed list (a descending range, a number out of range, stray bytes).</summary>
    public static bool TryParse(ReadOnlySpan<byte> list, out int count, out int first)
    {
        count = 0;
        first = -1;
        if (list.IsEmpty)
        {
            return false;
        }
        foreach (var range in list.Split((byte)','))
        {
            var part = list[range];
            int dash = part.IndexOf((byte)'-');
            var low = dash < 0 ? part : part[..dash];
            var high = dash < 0 ? part : part[(dash + 1)..];
            if (!ProcDecimal.TryParseInt(low, out int from) || !ProcDecimal.TryParseInt(high, out int to)
                || from < 0 || to < from || to > MaxCpu || low[0] == (byte)'-' || high[0] == (byte)'-')
            {
                count = 0;
                first = -1;
                return false;
            }
            if (first < 0 || from < first)
            {
                first = from;
            }
            count += to - from + 1;
        }
        return true;
    }
}
