using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// Records an ingest trace on this machine with the real agent (<c>hsguard-agent record</c>) while
/// the host looks like a busy shared web host: hostload's burners (each a little CPU every second,
/// spread over users) and short-lived children, and idle processes to reach the size.
/// </summary>
internal static class TraceRecording
{
    /// <summary>The users of the load are uids 20001 and up, which need no login names.</summary>
    private const int FirstUid = 20001;

    /// <summary>How long each short-lived child of hostload lives.</summary>
    private const int ChildLifeSeconds = 5;

    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(10);

    public static void Record(TraceSettings settings, string path, TextWriter progress)
    {
        using var tools = NativeTools.Build(progress, NativeTools.Shipped("idler.c"), NativeTools.Shipped("hostload.c"));
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
        progress.WriteLine(Invariant($"recording {settings.Seconds} s to {path}: {present} processes on the host, {load.Count} of hostload ({settings.Busy} busy, {settings.BurnMilliseconds} ms of CPU a second each, {settings.Users} users, {settings.StartsPerMinute} short-lived a minute), {idle?.Count ?? 0} idle; {listed} listed"));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var (dotnet, arguments) = Dotnet(settings.AgentDll, "record", "--seconds", Invariant(settings.Seconds), "--out", path);
        var (exitCode, output, errors) = ChildProcess.Run(dotnet, arguments, captureErrors: true);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"hsguard-agent record exited with {exitCode}:\n{output}{errors}");
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
