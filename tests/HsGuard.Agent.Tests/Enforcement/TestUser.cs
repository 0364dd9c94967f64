using System.Diagnostics;
using System.Globalization;
using System.Text;
using HsGuard.Agent.Native;
using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>Processes of the enforcement tests' user (<see cref="EnforcementFixture.Uid"/>):
/// shell scripts run through setpriv, and what is left of them at the end.</summary>
internal static class TestUser
{
    /// <summary>Runs <paramref name="script"/> with sh as the test user; the process is sh itself
    /// (setpriv execs it), ended by its pid on dispose.</summary>
    public static UserScript Run(string script)
    {
        string uid = EnforcementFixture.Uid.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("setpriv", ["--reuid=" + uid, "--regid=" + uid, "--clear-groups", "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        return new UserScript(Process.Start(info) ?? throw new InvalidOperationException("setpriv did not start"));
    }

    /// <summary>The live processes of the test user.</summary>
    public static List<int> Processes()
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && OwnerOf(dir) == EnforcementFixture.Uid && !ProcStat.IsGone(pid))
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // gone meanwhile
        }
    }

    private static uint? OwnerOf(string dir) =>
        Posix.StatAt(Posix.CurrentDirectory, Encoding.UTF8.GetBytes(dir + "\0"), out var id) == 0 ? id.Owner : null;
}
