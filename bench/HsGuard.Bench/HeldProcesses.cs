using System.Diagnostics;
using System.Globalization;

namespace HsGuard.Bench;

/// <summary>
/// Idle processes that the benchmark adds to the host: one idler (idler.c) in a process group of
/// its own, and its children that only pause(). Disposing closes the idler's standard input, on
/// which it kills and reaps its children and exits; only if it does not is its tree killed, by the
/// pid of the idler this benchmark started.
/// </summary>
internal sealed class IdleProcesses : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _idler;

    private IdleProcesses(Process idler, int count)
    {
        _idler = idler;
        Count = count;
    }

    /// <summary>Processes held, the idler included.</summary>
    public int Count { get; }

    /// <summary>Starts <paramref name="count"/> idle processes and returns once they are forked.</summary>
    public static IdleProcesses Start(string idlerPath, int count)
    {
        var start = new ProcessStartInfo(idlerPath, [count.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var idler = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {idlerPath}");
        var ready = idler.StandardOutput.ReadLineAsync();
        if (!ready.Wait(Timeout) || ready.Result is not { } line || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            Stop(idler);
            throw new InvalidOperationException($"{idlerPath} did not report ready (waited up to {Timeout.TotalSeconds} s)");
        }
        return new IdleProcesses(idler, int.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
    }

    public void Dispose() => Stop(_idler);

    private static void Stop(Process idler)
    {
        try
        {
            idler.StandardInput.Close();
            if (!idler.WaitForExit(Timeout))
            {
                idler.Kill(entireProcessTree: true);
                idler.WaitForExit();
            }
        }
        finally
        {
            idler.Dispose();
        }
    }
}
