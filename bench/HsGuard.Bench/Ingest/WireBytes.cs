namespace HsGuard.Bench.Ingest;

/// <summary>Bytes written to and read from the simulated hosts' TCP connections, below TLS.</summary>
internal sealed class WireBytes
{
    private long _sent;
    private long _received;

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    public void AddSent(int bytes) => Interlocked.Add(ref _sent, bytes);

    public void AddReceived(int bytes) => Interlocked.Add(ref _received, bytes);
}
