using System.Globalization;
using System.Runtime.InteropServices;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// Records an ingest trace on this machine with the real agent (<c>hsguard-agent record</c>) while
/// the host looks like a busy shared web host: hostload's burners (each a little CPU every second,
/// spread over users) and short-lived children, and idle processes to reach the size. The programs
/// run from where a host's installed programs are (<see cref="NativeTools.BuildInstalled"/>), not
/// from a temporary directory, which would mark every one of them in the collector's detection.
/// A cancel (Ctrl-C, SIGTERM) kills the agent; the load stops and the programs' directory goes
/// either way.
/// </summary>
internal static class TraceRecording
{
    /// <summary>The users of the load are uids 20001 and up, which need no login names.</summary>
    private const int FirstUid = 20001;

    /// <summary>How long each short-lived child of hostload lives.</summary>
    private const int ChildLifeSeconds = 5;

    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(10);

    public static void Record(TraceSettings settings, string path, TextWriter progress, CancellationToken cancel)
    {
        // System.CommandLine turns Ctrl-C and SIGTERM into a cancel only once a command has returned
        // its task, and the recording runs before: until it ends, a signal cancels it here instead
        // of ending the process, so that the load stops and its directory goes.
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        using var tools = NativeTools.BuildInstalled(progress, NativeTools.Shipped("idler.c"), NativeTools.Shipped("hostload.c"));
        int present = HostProcesses.Count();
        using var load = HeldProcesses.Start(tools.HostLoad,
        [
            Invariant(settings.Busy), Invariant(settings.BurnMilliseconds), Invariant(settings.Users), Invariant(FirstUid),
            Invariant(settings.StartsPerMinute), Invariant(ChildLifeSeconds),
        ]);
        int shortLived = settings.StartsPerMinute * ChildLifeSeconds / 60;
        // The agent that records is one more process.
        int wanted = settings.Processes - present - load.Count - shortLived - 1;
        using var idle = wanted > 0 ? HeldProcesses.StartIdle(tools.Idler, wanted) : null;
        int listed = HostProcesses.WaitForAtLeast(present + load.Count + (idle?.Count ?? 0), ListTimeout);
        cancelled.Token.ThrowIfCancellationRequested();
        progress.WriteLine(Invariant($"recording {settings.Seconds} s to {path} (programs in {tools.Directory}): {present} processes on the host, {load.Count} of hostload ({settings.Busy} busy, {settings.BurnMilliseconds} ms of CPU a second each, {settings.Users} users, {settings.StartsPerMinute} short-lived a minute), {idle?.Count ?? 0} idle; {listed} listed"));

        // Written beside and moved into place when complete: a cut recording leaves no trace that
        // the next run would take for whole.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string partial = path + ".partial";
        try
        {
            var (dotnet, arguments) = Dotnet(settings.AgentDll, "record", "--seconds", Invariant(settings.Seconds), "--out", partial);
            var (exitCode, output, errors) = ChildProcess.Run(dotnet, arguments, captureErrors: true, cancelled.Token);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"hsguard-agent record exited with {exitCode}:\n{output}{errors}");
            }
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            cancelled.Cancel();
        }
    }

    /// <summary>Runs a framework-dependent .dll with the dotnet that runs this program.</summary>
    public static (string File, string[] Arguments) Dotnet(string dll, params string[] arguments)
    {
        string? self = Environment.ProcessPath;
        string dotnet = self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        return (dotnet, [dll, .. arguments]);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
