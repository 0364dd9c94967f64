using HsGuard.Protocol.Traces;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>
/// Appends what a host's agent sent and the collector applied to RecordDirectory/HOST.jsonl, in
/// the trace format, before the batch is acknowledged: a recorded stream can be replayed through
/// detection, and it shows that no batch was lost or applied twice.
/// </summary>
internal sealed class HostTraceRecorder : IAsyncDisposable
{
    private readonly TraceWriter _writer;

    private HostTraceRecorder(TraceWriter writer)
    {
        _writer = writer;
    }

    public string Path => _writer.Path;

    public static HostTraceRecorder? Open(string? directory, string host)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }
        Directory.CreateDirectory(directory);
        // The host name was validated (letters, digits, dots, hyphens): safe as a file name.
        return new HostTraceRecorder(new TraceWriter(System.IO.Path.Combine(directory, host + ".jsonl")));
    }

    public ValueTask WriteAsync(AgentMessage message, CancellationToken cancellationToken) =>
        _writer.WriteAsync(message, cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
