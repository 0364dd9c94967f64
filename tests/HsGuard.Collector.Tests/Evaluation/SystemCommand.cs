using System.Diagnostics;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>Runs the system's commands (useradd, runuser, chown, sqlite3) to their end.</summary>
internal static class SystemCommand
{
    /// <summary>What a member's job finds in its environment (and nothing of the test's).</summary>
    private static readonly Dictionary<string, string> MemberEnvironment = new()
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["LANG"] = "C.UTF-8",
    };

    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        return info;
    }

    /// <summary><c>runuser -u USER -- COMMAND...</c> in <paramref name="directory"/>, with a member's environment.</summary>
    public static ProcessStartInfo AsUser(EvaluationUser user, string directory, params string[] command)
    {
        var info = StartInfo("runuser", ["-u", user.Name, "--", .. command]);
        info.WorkingDirectory = directory;
        info.Environment.Clear();
        foreach (var (key, value) in MemberEnvironment)
        {
            info.Environment[key] = value;
        }
        return info;
    }

    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(ProcessStartInfo info, CancellationToken cancel,
        string? standardInput = null)
    {
        info.RedirectStandardInput = standardInput is not null;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancel);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync(cancel);
        return (process.ExitCode, await output, await error);
    }

    public static Task<(int ExitCode, string Output, string Error)> TryRunAsync(string program, IEnumerable<string> args, CancellationToken cancel) =>
        TryRunAsync(StartInfo(program, args), cancel);

    /// <exception cref="InvalidOperationException">The command failed; the message holds its error output.</exception>
    public static async Task<string> RunAsync(ProcessStartInfo info, CancellationToken cancel, string? standardInput = null)
    {
        var (exit, output, error) = await TryRunAsync(info, cancel, standardInput);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} failed ({exit}): {error.Trim()}");
        }
        return output;
    }

    public static Task<string> RunAsync(string program, IEnumerable<string> args, CancellationToken cancel, string? standardInput = null) =>
        RunAsync(StartInfo(program, args), cancel, standardInput);
}
