using System.Diagnostics;

using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Support;

/// <summary>
/// A private copy of the crafted /proc tree (Fixtures/proc, made by make-proc-fixture.py), with
/// its links kept as links, so that a test may change files between passes. Process 108's
/// directory is given to uid 1000 while its files stay root's, as a non-dumpable process looks.
/// </summary>
internal sealed class ProcFixture : IDisposable
{
    public const uint MinerUid = 1000;

    private readonly TempDirectory _dir = new("hsguard-proc-");

    public ProcFixture()
    {
        Copy(RepositoryPaths.Combine("tests", "HsGuard.Agent.Tests", "Fixtures", "proc"), Root);
        Chown(MinerUid, Path.Combine(Root, "108"));
    }

    public string Root => _dir.Combine("proc");

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A stat line of a process (or thread) in the fixture's usual form: parent 1, its own
    /// process group and session, 20,000 pages resident.</summary>
    public static string StatLine(int pid, string comm, ulong utime, ulong stime, ulong start, string state = "R", int threads = 12, int nice = 0) =>
        $"{pid} ({comm}) {state} 1 {pid} {pid} 0 -1 4194560 100 0 0 0 {utime} {stime} 0 0 {20 + nice} {nice} {threads} 0 {start} 10000000 20000 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    /// <summary>Rewrites a file in place (same inode), as the kernel's view of it changes.</summary>
    public void Rewrite(string relative, string content)
    {
        using var stream = new FileStream(PathOf(relative), FileMode.Open, FileAccess.Write);
        stream.SetLength(0);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
    }

    public void Dispose() => _dir.Dispose();

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo dir)
            {
                Copy(dir.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    private static void Chown(uint uid, string path)
    {
        using var chown = Process.Start("chown", [uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path])!;
        chown.WaitForExit();
        Assert.True(chown.ExitCode == 0, "chown failed: the agent tests run as root");
    }
}
