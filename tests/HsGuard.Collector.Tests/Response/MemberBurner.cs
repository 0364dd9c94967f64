using System.Diagnostics;
using System.Globalization;
using HsGuard.Collector.Tests.Evaluation;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Response;

/// <summary>The miner stand-in (tests/programs/burner.c) as an attacker leaves it: a copy under a
/// name of its choice in a directory of the rig's user, started as that user (setpriv execs it, so
/// the process is the burner itself, a child of the test, ended by its pid on dispose).</summary>
internal static class MemberBurner
{
    /// <summary>Copies the burner to a fresh directory the user owns (so that it may delete
    /// itself), with bytes of its own at the end: each copy has a SHA-256 of its own, so that the
    /// agent does not join it to another test's suspension (same user, same hash).</summary>
    public static async Task<string> PlaceAsync(ResponseRig rig, string name)
    {
        string directory = rig.Directory.Combine("drop-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        string exe = Burner.CopyTo(Path.Combine(directory, name));
        await File.AppendAllTextAsync(exe, Guid.NewGuid().ToString("N"));
        await SystemCommand.RunAsync("chown", ["-R", $"{rig.Uid}:{rig.Uid}", directory], CancellationToken.None);
        return exe;
    }

    /// <summary>Starts <paramref name="exe"/> as the user and waits for its "ready PID" line.</summary>
    public static BurnerProcess Start(ResponseRig rig, string exe, params string[] args)
    {
        var process = Process.Start(AsUser(rig, exe, ["-r", .. args])) ?? throw new InvalidOperationException("setpriv did not start");
        string? line = process.StandardOutput.ReadLine();
        if (line != "ready " + process.Id.ToString(CultureInfo.InvariantCulture))
        {
            string error = process.StandardError.ReadToEnd();
            process.Kill();
            process.WaitForExit();
            throw new InvalidOperationException($"burner did not get ready: {line} {error}");
        }
        return new BurnerProcess(process);
    }

    /// <summary>A program started as the user, without waiting for anything.</summary>
    public static Process Run(ResponseRig rig, string program, params string[] args) =>
        Process.Start(AsUser(rig, program, args)) ?? throw new InvalidOperationException("setpriv did not start");

    private static ProcessStartInfo AsUser(ResponseRig rig, string program, string[] args)
    {
        string uid = rig.Uid.ToString(CultureInfo.InvariantCulture);
        return new ProcessStartInfo("setpriv", ["--reuid=" + uid, "--regid=" + uid, "--clear-groups", program, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
    }
}
