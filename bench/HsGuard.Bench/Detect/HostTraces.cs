using HsGuard.Protocol.Traces;
using HsGuard.Protocol.V1;

namespace HsGuard.Bench.Detect;

/// <summary>
/// Recorded traces held in memory, replayed as many hosts: each host gets every trace in turn (as
/// the evaluation suite's recordings of one machine follow each other), under a name of its own
/// in the traces' hellos. The batches are shared between the hosts: replay only reads them.
/// </summary>
internal sealed class HostTraces
{
    private readonly List<(string Path, List<AgentMessage> Messages)> _traces;

    private HostTraces(List<(string Path, List<AgentMessage> Messages)> traces) => _traces = traces;

    public IReadOnlyList<string> Paths => [.. _traces.Select(t => t.Path)];

    /// <summary>Process samples (started and updated) a host's replay goes through.</summary>
    public long SamplesPerHost => _traces.Sum(t => t.Messages.Where(m => m.BodyCase == AgentMessage.BodyOneofCase.Batch)
        .Sum(m => (long)m.Batch.Started.Count + m.Batch.Updated.Count));

    public long BatchesPerHost => _traces.Sum(t => t.Messages.Count(m => m.BodyCase == AgentMessage.BodyOneofCase.Batch));

    /// <summary>Trace files, and the *.jsonl files of folders, in name order within a folder.</summary>
    public static HostTraces Load(IEnumerable<string> paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.jsonl").Order(StringComparer.Ordinal) : new[] { p }.AsEnumerable()).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException("no traces (*.jsonl) found: run the evaluation suite (it keeps its recordings in TestResults/evaluation/) or give --traces");
        }
        return new HostTraces([.. files.Select(f => (f, TraceReader.Read(f).ToList()))]);
    }

    /// <summary>The traces of <paramref name="hosts"/> hosts, host after host.</summary>
    public IEnumerable<(string Name, IEnumerable<AgentMessage> Messages)> ForHosts(int hosts)
    {
        for (int h = 0; h < hosts; h++)
        {
            string host = $"bench-host-{h:0000}";
            foreach (var (path, messages) in _traces)
            {
                yield return ($"{path} as {host}", messages.Select(m => Renamed(m, host)));
            }
        }
    }

    private static AgentMessage Renamed(AgentMessage message, string host)
    {
        if (message.BodyCase != AgentMessage.BodyOneofCase.Hello)
        {
            return message;
        }
        var hello = message.Hello.Clone();
        hello.Host = host;
        return new AgentMessage { Hello = hello };
    }
}
