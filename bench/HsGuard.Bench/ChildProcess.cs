using System.Diagnostics;

namespace HsGuard.Bench;

/// <summary>Runs a program to its end and returns what it printed.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/> to its end; <paramref name="cancel"/> kills it (and
    /// then throws <see cref="OperationCanceledException"/>).</summary>
    public static (int ExitCode, string Output, string Errors) Run(string file, IEnumerable<string> arguments, bool captureErrors = false,
        CancellationToken cancel = default)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = captureErrors,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        using (cancel.Register(() => Kill(process)))
        {
            var errors = captureErrors ? process.StandardError.ReadToEndAsync(CancellationToken.None) : Task.FromResult("");
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            cancel.ThrowIfCancellationRequested();
            return (process.ExitCode, output, errors.GetAwaiter().GetResult());
        }
    }

    /// <summary>Kills the child this started (by its pid), if it still runs.</summary>
    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    /// <summary>Runs a benchmark program and returns its MEDIAN line.</summary>
    public static BenchLine RunForMedian(string file, IEnumerable<string> arguments)
    {
        var (exitCode, output, _) = Run(file, arguments);
        string name = Path.GetFileName(file);
        return exitCode == 0
            ? BenchLine.FindMedian(output, name)
            : throw new InvalidOperationException($"{name} exited with {exitCode}:\n{output}");
    }

    /// <summary>This benchmark's own executable and the arguments that run it with
    /// <paramref name="arguments"/>: the apphost, or <c>dotnet hsguard-bench.dll</c>.</summary>
    public static (string File, string[] Arguments) Self(params string[] arguments)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? (host, [typeof(ChildProcess).Assembly.Location, .. arguments])
            : (host, arguments);
    }
}
