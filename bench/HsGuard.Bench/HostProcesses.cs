namespace HsGuard.Bench;

/// <summary>The processes on this host, as a sampler sees them: the numeric entries of /proc.</summary>
internal static class HostProcesses
{
    public static int Count()
    {
        int count = 0;
        foreach (string path in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(path.AsSpan());
            if (!name.IsEmpty && name[0] is >= '1' and <= '9' && int.TryParse(name, out _))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Waits until /proc lists at least <paramref name="count"/> processes, or for
    /// <paramref name="timeout"/>, and returns how many it lists. Not reaching the count is no
    /// error: another process may have exited meanwhile, and the results carry the real count.</summary>
    public static int WaitForAtLeast(int count, TimeSpan timeout)
    {
        long start = TimeProvider.System.GetTimestamp();
        int seen;
        while ((seen = Count()) < count && TimeProvider.System.GetElapsedTime(start) < timeout)
        {
            Thread.Sleep(50);
        }
        return seen;
    }
}
