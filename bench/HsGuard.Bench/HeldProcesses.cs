using System.Diagnostics;
using System.Globalization;

namespace HsGuard.Bench;

/// <summary>
/// Processes that the benchmark adds to the host: a leader (idler.c, hostload.c) in a process
/// group of its own, and its children. The leader prints "ready N" (the processes it holds, itself
/// included) once they are forked. Disposing closes its standard input, on which it kills and
/// reaps its children and exits; only if it does not is its tree killed, by the pid of the leader
/// this benchmark started.
/// </summary>
internal sealed class HeldProcesses : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _leader;

    private HeldProcesses(Process leader, int count)
    {
        _leader = leader;
        Count = count;
    }

    /// <summary>Processes held, the leader included.</summary>
    public int Count { get; }

    /// <summary>Starts <paramref name="count"/> idle processes with the idler.</summary>
    public static HeldProcesses StartIdle(string idlerPath, int count) =>
        Start(idlerPath, [count.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Starts <paramref name="program"/> and returns once it reports ready.</summary>
    public static HeldProcesses Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var leader = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var ready = leader.StandardOutput.ReadLineAsync();
        if (!ready.Wait(Timeout) || ready.Result is not { } line || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            Stop(leader);
            throw new InvalidOperationException($"{program} did not report ready (waited up to {Timeout.TotalSeconds} s)");
        }
        return new HeldProcesses(leader, int.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
    }

    public void Dispose() => Stop(_leader);

    private static void Stop(Process leader)
    {
        try
        {
            leader.StandardInput.Close();
            if (!leader.WaitForExit(Timeout))
            {
                leader.Kill(entireProcessTree: true);
                leader.WaitForExit();
            }
        }
        finally
        {
            leader.Dispose();
        }
    }
}
