using System.Text;
using Google.Protobuf;
using HsGuard.Protocol.V1;

namespace HsGuard.Protocol.Traces;

/// <summary>
/// Writes a trace: one <see cref="AgentMessage"/> a line in the protobuf JSON form, exactly what
/// travels on the wire, so that replaying a trace is replaying what the collector received. Each
/// line is flushed to the operating system when written: a crash of the writer loses no line that
/// was written before it.
/// </summary>
public sealed class TraceWriter : IDisposable, IAsyncDisposable
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    private readonly Stream _stream;
    private readonly StreamWriter _writer;

    public TraceWriter(string path, bool append = true)
    {
        _stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        _writer = new StreamWriter(_stream, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public string Path => ((FileStream)_stream).Name;

    public void Write(AgentMessage message)
    {
        _writer.WriteLine(Format(message));
        _writer.Flush();
    }

    public async ValueTask WriteAsync(AgentMessage message, CancellationToken cancellationToken = default)
    {
        await _writer.WriteLineAsync(Format(message).AsMemory(), cancellationToken);
        await _writer.FlushAsync(cancellationToken);
    }

    public static string Format(AgentMessage message) => Formatter.Format(message);

    public void Dispose()
    {
        _writer.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
    }
}
