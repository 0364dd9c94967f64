using System.Globalization;
using Xunit;

namespace HsGuard.Testing;

/// <summary>/proc/PID/stat read the plain way, independently of the agent's parser.</summary>
public readonly record struct ProcStat(int Pid, char State, int ParentPid, ulong Ticks, ulong StartTicks)
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
        return new ProcStat(pid, f[0][0], int.Parse(f[1], ci), ulong.Parse(f[11], ci) + ulong.Parse(f[12], ci), ulong.Parse(f[19], ci));
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

    /// <summary>Passes when the process used no CPU at all over <paramref name="span"/>.</summary>
    public static async Task AssertHeldAsync(int pid, TimeSpan span) =>
        Assert.Equal(0ul, await TicksOverAsync(pid, span));

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
