using System.Diagnostics;

namespace HsGuard.Testing;

/// <summary>
/// The miner stand-in (tests/programs/burner.c), compiled once per test run with gcc. Each
/// started burner is ended by its own pid when the test disposes it; nothing else is signalled.
/// </summary>
public static class Burner
{
    private static readonly Lazy<string> Compiled = new(Compile, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The compiled program (in a directory of its own under /tmp).</summary>
    public static string Program => Compiled.Value;

    /// <summary>Copies the program to <paramref name="path"/> (to run it from elsewhere, under another name).</summary>
    public static string CopyTo(string path)
    {
        File.Copy(Program, path, overwrite: true);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>Starts a burner and waits for its "ready PID" line.</summary>
    public static BurnerProcess Start(params string[] args) => StartFrom(Program, args);

    public static BurnerProcess StartFrom(string executable, params string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-r");
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("burner did not start");
        string? line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            string error = process.StandardError.ReadToEnd();
            process.Kill();
            process.WaitForExit();
            throw new InvalidOperationException($"burner did not get ready: {line} {error}");
        }
        return new BurnerProcess(process);
    }

    /// <summary>Starts a burner that detaches itself (-f: fork, setsid, standard streams on
    /// /dev/null) and returns once its parent has printed the detached child's pid and exited.</summary>
    public static DetachedBurner StartDetached(params string[] args)
    {
        var info = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-f");
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var parent = Process.Start(info) ?? throw new InvalidOperationException("burner did not start");
        string? line = parent.StandardOutput.ReadLine();
        parent.WaitForExit();
        if (!int.TryParse(line, System.Globalization.CultureInfo.InvariantCulture, out int pid) || pid <= 0)
        {
            throw new InvalidOperationException($"burner did not detach: {line} {parent.StandardError.ReadToEnd()}");
        }
        return new DetachedBurner(pid);
    }

    private static string Compile()
    {
        string source = RepositoryPaths.Combine("tests", "programs", "burner.c");
        string dir = Directory.CreateTempSubdirectory("hsguard-burner-").FullName;
        string output = Path.Combine(dir, "burner");
        var info = new ProcessStartInfo("gcc", ["-O2", "-Wall", "-Werror", "-pthread", "-o", output, source])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process gcc;
        try
        {
            gcc = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("gcc is needed to build the miner stand-in; tests/run installs it", e);
        }
        using (gcc)
        {
            string errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
            {
                throw new InvalidOperationException("burner.c did not compile: " + errors);
            }
        }
        // World-readable and executable, so that a member-like user may run a copy.
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return output;
    }
}

/// <summary>A running burner; disposing it kills it by its pid and reaps it.</summary>
public sealed class BurnerProcess : IDisposable
{
    private readonly Process _process;

    public BurnerProcess(Process process)
    {
        _process = process;
        Pid = process.Id;
    }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}

/// <summary>A burner that detached itself: not our child, so it is ended by its pid (after a check
/// that the pid still names it: same start time) and left to whoever adopted it (pid 1, or a
/// subreaper) to reap.</summary>
public sealed class DetachedBurner : IDisposable
{
    private readonly string? _startTicks;

    public DetachedBurner(int pid)
    {
        Pid = pid;
        _startTicks = StartTicks(pid);
    }

    public int Pid { get; }

    public void Dispose()
    {
        if (_startTicks is null || StartTicks(Pid) != _startTicks)
        {
            return;   // gone
        }
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // gone meanwhile
        }
    }

    /// <summary>Field 22 of /proc/PID/stat, or null when the process is gone.</summary>
    private static string? StartTicks(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
