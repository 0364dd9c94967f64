using System.Globalization;
using Xunit;

namespace HsGuard.Testing;

/// <summary>/proc/PID/stat read the plain way, independently of the agent's parser.</summary>
/// <param name="Ticks">User and system time, in clock ticks.</param>
/// <param name="UserTicks">User time alone: what a held miner must not get.</param>
public readonly record struct ProcStat(int Pid, char State, int ParentPid, ulong Ticks, ulong StartTicks, ulong UserTicks)
{
    public static ProcStat? Read(int pid) => Read(pid, null);

    /// <summary>One thread's stat (/proc/PID/task/TID/stat), or the process's without <paramref name="thread"/>.</summary>
    public static ProcStat? Read(int pid, int? thread)
    {
        string text;
        try
        {
            text = File.ReadAllText(thread is { } t ? $"/proc/{pid}/task/{t}/stat" : $"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        string[] f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ci = CultureInfo.InvariantCulture;
        return new ProcStat(pid, f[0][0], int.Parse(f[1], ci), ulong.Parse(f[11], ci) + ulong.Parse(f[12], ci), ulong.Parse(f[19], ci),
            ulong.Parse(f[11], ci));
    }

    public static ProcStat Of(int pid) => Read(pid) ?? throw new Xunit.Sdk.XunitException($"pid {pid} is gone");

    /// <summary>Gone, or a zombie: it runs no more.</summary>
    public static bool IsGone(int pid) => Read(pid) is not { } s || s.State is 'Z' or 'X';

    /// <summary>CPU ticks the process used over <paramref name="span"/>.</summary>
    public static async Task<ulong> TicksOverAsync(int pid, TimeSpan span)
    {
        ulong before = Of(pid).Ticks;
        await Task.Delay(span, TestContext.Current.CancellationToken);
        return Of(pid).Ticks - before;
    }

    /// <summary>Passes once the process has used CPU again: a few ticks, or one with a thread
    /// seen runnable ('R', which a stopped or frozen task never is). The machine may be busy with
    /// other work (other engineers' builds, a load of 30 on two cores), so it waits up to 5 s.</summary>
    public static async Task AssertRunsAsync(int pid)
    {
        ulong before = Of(pid).Ticks;
        for (int i = 0; i < 50; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            ulong now = Of(pid).Ticks;
            if (now >= before + 5 || now > before && AnyThreadRunnable(pid))
            {
                return;
            }
        }
        throw new Xunit.Sdk.XunitException($"pid {pid} did not run: {Of(pid).Ticks - before} ticks in 5 s, state {Of(pid).State}");
    }

    /// <summary>Passes when the process ran none of its own code over <paramref name="span"/> (no
    /// user time) and the kernel spent at most a tick on it. A frozen task that a watchdog keeps
    /// sending SIGCONT wakes in the kernel's freezer twenty times a second and goes back to sleep;
    /// Linux charges CPU time by sampling at the tick, so now and then one such wake-up is charged
    /// a whole tick of system time (seen once in a full suite run). A miner that runs shows user
    /// time at once.</summary>
    public static async Task AssertHeldAsync(int pid, TimeSpan span)
    {
        var before = Of(pid);
        await Task.Delay(span, TestContext.Current.CancellationToken);
        var after = Of(pid);
        Assert.True(after.UserTicks == before.UserTicks && after.Ticks - before.Ticks <= 1,
            $"pid {pid} was not held over {span.TotalSeconds} s: {after.UserTicks - before.UserTicks} ticks of user time, {after.Ticks - before.Ticks} in all, state {after.State}");
    }

    /// <summary>The pids whose parent is <paramref name="pid"/>.</summary>
    public static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int p)
                && Read(p) is { } s && s.ParentPid == pid)
            {
                children.Add(p);
            }
        }
        return children;
    }

    private static bool AnyThreadRunnable(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task").Any(task =>
            {
                int id = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                return Read(pid, id)?.State == 'R';
            });
        }
        catch (IOException)
        {
            return false;   // gone meanwhile
        }
    }
}
