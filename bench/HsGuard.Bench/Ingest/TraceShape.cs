using System.Globalization;
using HsGuard.Protocol.V1;

namespace HsGuard.Bench.Ingest;

/// <summary>What a trace holds per batch, averaged over its batches after the first keyframe: the
/// shape to compare with a real host's, and the protobuf bytes a process sample costs. Also the
/// processes that ran from a temporary directory: not the benchmark's (those run from
/// /usr/local/lib), but other work on the host while it recorded, such as a test suite's miner
/// stand-ins: detection marks them (a member's busy one becomes an incident), a real host has none.</summary>
internal sealed record TraceShape(
    int Batches, double Processes, double Started, double Updated, double WithDetail, double Exited, double Users,
    double BatchBytes, int KeyframeBytes, int KeyframeProcesses, double CommChars, double ExeChars, double CmdlineChars,
    IReadOnlyList<string> TempExecutables)
{
    /// <summary>As the rules' <c>temp_dirs</c> list (rules/hsguard_rules.yaml).</summary>
    private static readonly string[] TempDirectories = ["/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/", "/var/lock/"];

    public double SamplesPerBatch => Started + Updated;

    public double BytesPerSample => BatchBytes / SamplesPerBatch;

    public static TraceShape Of(IReadOnlyList<Batch> recorded)
    {
        var deltas = recorded.Skip(1).ToList();
        var keyframe = new AgentMessage { Batch = recorded[0] };
        var full = recorded[0].Started;
        return new TraceShape(
            deltas.Count,
            deltas.Average(b => (double)b.ProcessCount),
            deltas.Average(b => (double)b.Started.Count),
            deltas.Average(b => (double)b.Updated.Count),
            deltas.Average(b => (double)b.Started.Concat(b.Updated).Count(s => s.Detail is not null)),
            deltas.Average(b => (double)b.Exited.Count),
            deltas.Average(b => (double)b.Users.Count),
            deltas.Average(b => (double)new AgentMessage { Batch = b }.CalculateSize()),
            keyframe.CalculateSize(),
            full.Count,
            full.Average(s => (double)s.Comm.Length),
            full.Average(s => (double)s.Exe.Length),
            full.Average(s => (double)s.Cmdline.Length),
            [.. recorded.SelectMany(b => b.Started)
                .Where(s => TempDirectories.Any(d => s.Exe.StartsWith(d, StringComparison.Ordinal)))
                .DistinctBy(s => (s.Pid, s.StartTicks))
                .Select(s => s.Exe)]);
    }

    public void Write(TextWriter output, string path)
    {
        output.WriteLine(Format($"trace {path}: {Batches + 1} batches; per batch after the first keyframe: {Processes:F0} processes, {Started:F1} started, {Updated:F1} updated ({WithDetail:F1} with detail), {Exited:F1} exited, {Users:F1} users; {BatchBytes:F0} B protobuf ({BytesPerSample:F1} B per process sample)"));
        output.WriteLine(Format($"  keyframe: {KeyframeProcesses} processes, {KeyframeBytes} B ({(double)KeyframeBytes / KeyframeProcesses:F0} B a process); mean comm {CommChars:F1}, exe {ExeChars:F1}, cmdline {CmdlineChars:F1} characters"));
        if (TempExecutables.Count > 0)
        {
            output.WriteLine(Format($"  warning: {TempExecutables.Count} processes of the trace ran from a temporary directory ({TempExecutables[0]}, ...), which detection marks and a real host does not show; record again (--rerecord) on a quiet host."));
        }
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
