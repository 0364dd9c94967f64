using System.Diagnostics;
using HsGuard.Collector.Ingest;
using HsGuard.Protocol.Traces;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Detection;

/// <summary>
/// Detection over recorded traces, as fast as it goes: each trace's hello and batches are
/// validated and applied to a host's state exactly as the live stream's are, and detected on at
/// the batch's own time, so a replay finds what the live collector would have found.
/// </summary>
internal sealed class Replayer
{
    private readonly Detector _detector;
    private readonly IngestOptions _ingest;

    public Replayer(Detector detector, IOptions<IngestOptions> ingest)
    {
        _detector = detector;
        _ingest = ingest.Value;
    }

    /// <exception cref="InvalidDataException">A trace is unreadable or breaks the protocol; the
    /// message names the file and line.</exception>
    public ReplayStatistics Run(IEnumerable<string> traces, CancellationToken cancellationToken = default) =>
        Run(traces.Select(path => (path, TraceReader.Read(path))), cancellationToken);

    /// <summary>The same over traces already read (a benchmark's, held in memory so that what it
    /// measures is ingest and detection, not JSON).</summary>
    /// <exception cref="InvalidDataException">A trace breaks the protocol; the message names the
    /// trace and the message's number in it.</exception>
    public ReplayStatistics Run(IEnumerable<(string Name, IEnumerable<AgentMessage> Messages)> traces, CancellationToken cancellationToken = default)
    {
        var hosts = new Dictionary<string, HostState>(StringComparer.OrdinalIgnoreCase);
        long batches = 0, samples = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (path, messages) in traces)
        {
            HostState? state = null;
            int line = 0;
            foreach (var message in messages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                line++;
                try
                {
                    if (message.BodyCase == AgentMessage.BodyOneofCase.Hello)
                    {
                        BatchValidator.ValidateHello(message.Hello);
                        if (!hosts.TryGetValue(message.Hello.Host, out state))
                        {
                            hosts[message.Hello.Host] = state = new HostState(message.Hello.Host, _ingest);
                        }
                        state.Greet(message.Hello, message.Hello.Clock?.ToDateTimeOffset() ?? default);
                        continue;
                    }
                    if (state is null)
                    {
                        throw new ProtocolViolation("a batch before the trace's hello");
                    }
                    var batch = message.Batch;
                    BatchValidator.ValidateBatch(batch, _ingest.MaxProcessesPerHost);
                    var time = batch.Time.ToDateTimeOffset();
                    if (state.Apply(batch, time))
                    {
                        _detector.OnBatch(state, batch, time);
                        batches++;
                        samples += batch.Started.Count + batch.Updated.Count;
                    }
                }
                catch (ProtocolViolation e)
                {
                    throw new InvalidDataException($"{path}: message {line}: {e.Message}", e);
                }
            }
        }
        return new ReplayStatistics(hosts.Count, batches, samples, clock.Elapsed);
    }
}

/// <summary>What a replay went through, and how fast.</summary>
internal sealed record ReplayStatistics(int Hosts, long Batches, long Samples, TimeSpan Elapsed)
{
    public double SamplesPerSecond => Elapsed.TotalSeconds > 0 ? Samples / Elapsed.TotalSeconds : 0;
}
