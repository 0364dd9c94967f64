using System.Diagnostics;
using System.Globalization;
using System.Text;
using HsGuard.Agent.Native;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>
/// A member-like user for the enforcement tests (uid 2950, made with useradd when missing and
/// removed again at the end), and a cgroup parent name of this test run's own, so that another
/// agent on the machine never mistakes the tests' cgroups for its own. At the end, whatever a
/// failed test left behind goes: the test user's processes (by pid: only these tests run as that
/// user) and the cgroups under the test parent.
/// </summary>
public sealed class EnforcementFixture : IAsyncLifetime
{
    public const uint Uid = 2950;
    public const string UserName = "hsgtest-enf";

    /// <summary>The hierarchies the tests may use: the v1 freezer, v2 (unified, or the hybrid
    /// layout's /sys/fs/cgroup/unified).</summary>
    public static readonly string[] CgroupRoots = ["/sys/fs/cgroup/freezer", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"];

    private bool _created;

    public string CgroupParent { get; } = "hsguard-test-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        var (exit, output) = await RunAsync("getent", "passwd", UserName);
        if (exit == 0)
        {
            Assert.Contains($":{Uid}:", output, StringComparison.Ordinal);
            return;
        }
        (exit, output) = await RunAsync("useradd", "-M", "-u", Uid.ToString(CultureInfo.InvariantCulture), "-s", "/usr/sbin/nologin", UserName);
        Assert.True(exit == 0, "useradd failed: " + output);
        _created = true;
    }

    public async ValueTask DisposeAsync()
    {
        Sweep(CgroupParent);
        if (_created)
        {
            await RunAsync("userdel", UserName);
        }
    }

    /// <summary>Thaws and removes every cgroup under <paramref name="parent"/> in each hierarchy,
    /// and kills the test user's processes.</summary>
    public static void Sweep(string parent)
    {
        foreach (string root in CgroupRoots)
        {
            string top = Path.Combine(root, parent);
            if (!Directory.Exists(top))
            {
                continue;
            }
            foreach (string cgroup in Directory.EnumerateDirectories(top))
            {
                Thaw(cgroup);
                foreach (string pid in File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")).Where(p => p.Length > 0))
                {
                    TryWrite(Path.Combine(root, "cgroup.procs"), pid);
                }
                TryDelete(cgroup);
            }
            TryDelete(top);
        }
        foreach (int pid in TestUser.Processes())
        {
            TestUser.Kill(pid);
        }
    }

    public static void Thaw(string cgroup)
    {
        TryWrite(Path.Combine(cgroup, "freezer.state"), "THAWED");
        TryWrite(Path.Combine(cgroup, "cgroup.freeze"), "0");
    }

    private static void TryWrite(string path, string value) => Posix.WriteControlFile(path, Encoding.ASCII.GetBytes(value));

    private static void TryDelete(string directory) => Posix.RemoveDirectory(directory);

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
