namespace HsGuard.Bench.Ingest;

/// <summary>What every simulated host adds to as it goes, read by the monitor at any time.</summary>
internal sealed class IngestCounters
{
    private long _batchesSent;
    private long _batchesAcked;
    private long _samplesAcked;
    private long _messageBytesSent;
    private long _messagesSent;
    private long _lateSends;
    private long _samplesSent;

    public LagHistogram Lag { get; } = new();

    public WireBytes Wire { get; } = new();

    public void Sent(int messageBytes, int samples, bool late)
    {
        Interlocked.Increment(ref _batchesSent);
        Interlocked.Add(ref _samplesSent, samples);
        Interlocked.Increment(ref _messagesSent);
        Interlocked.Add(ref _messageBytesSent, messageBytes);
        if (late)
        {
            Interlocked.Increment(ref _lateSends);
        }
    }

    public void Acked(int samples, TimeSpan lag)
    {
        Interlocked.Increment(ref _batchesAcked);
        Interlocked.Add(ref _samplesAcked, samples);
        Lag.Record(lag);
    }

    public CounterSnapshot Snapshot(long timestamp) => new(
        timestamp,
        Interlocked.Read(ref _batchesSent),
        Interlocked.Read(ref _batchesAcked),
        Interlocked.Read(ref _samplesAcked),
        Interlocked.Read(ref _messageBytesSent),
        Interlocked.Read(ref _messagesSent),
        Interlocked.Read(ref _lateSends),
        Interlocked.Read(ref _samplesSent),
        Wire.Sent,
        Wire.Received,
        Lag.Snapshot());
}
