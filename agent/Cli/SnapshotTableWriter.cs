using System.Globalization;
using System.Text;
using HsGuard.Agent.Sampling;

namespace HsGuard.Agent.Cli;

/// <summary>The <c>snapshot</c> table: users by CPU, each with its busiest processes.</summary>
internal static class SnapshotTableWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, string host, SampleFrame frame, int topPerUser)
    {
        var processes = frame.Processes.ToArray();
        var users = frame.Users.ToArray();
        Array.Sort(users, (a, b) => b.CpuPercent != a.CpuPercent ? b.CpuPercent.CompareTo(a.CpuPercent) : b.RssKb.CompareTo(a.RssKb));
        double totalCpu = users.Sum(u => u.CpuPercent);
        output.WriteLine(string.Create(Invariant,
            $"{host}  {frame.Time:yyyy-MM-dd HH:mm:ss}Z  {processes.Length} processes  {users.Length} users  CPU {totalCpu:0.0}% of one core over {frame.Interval.TotalSeconds:0.00} s"));
        output.WriteLine();
        var byUser = processes.ToLookup(p => p.Uid);
        foreach (var u in users)
        {
            output.WriteLine(string.Create(Invariant,
                $"{Clip(u.User, 16),-16} uid {u.Uid,-6} CPU {u.CpuPercent,6:0.0}%  {u.Processes,5} processes  {u.Threads,5} threads  RSS {FormatKb(u.RssKb),9}"));
            var busiest = byUser[u.Uid]
                .OrderByDescending(p => p.CpuPercent).ThenByDescending(p => p.RssKb)
                .Take(topPerUser);
            foreach (var p in busiest)
            {
                string what = p.IsKernelThread ? $"[{Printable(p.Comm)}]" : $"{Printable(p.Comm)}  {Printable(p.Exe ?? "?")}{(p.ExeDeleted ? " (deleted)" : "")}";
                output.WriteLine(string.Create(Invariant,
                    $"  {p.Pid,7} {p.ParentPid,7} {p.State} {p.CpuPercent,6:0.0}% {p.Threads,4} thr {FormatKb(p.RssKb),9}  {what}"));
            }
        }
    }

    private static string FormatKb(long kb) => kb switch
    {
        >= 1024 * 1024 => string.Create(Invariant, $"{kb / 1024.0 / 1024.0:0.0} GiB"),
        >= 1024 => string.Create(Invariant, $"{kb / 1024.0:0.0} MiB"),
        _ => string.Create(Invariant, $"{kb} KiB"),
    };

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    /// <summary>Names may hold newlines and escape sequences: show them, never obey them.</summary>
    internal static string Printable(string s)
    {
        if (!s.Any(char.IsControl))
        {
            return s;
        }
        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => string.Create(Invariant, $"\\x{(int)c:x2}"),
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
