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
    private long _callsLost;
    private long _reconnects;
    private long _batchesResent;

    public LagHistogram Lag { get; } = new();

    /// <summary>Calls that failed, or attempts to open one again that did.</summary>
    public long CallsLost => Interlocked.Read(ref _callsLost);

    /// <summary>Calls opened again (hello answered) after one was lost.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Batches written again on a new call (counted once in the batches sent).</summary>
    public long BatchesResent => Interlocked.Read(ref _batchesResent);

    /// <summary>Batches sent and not (yet) acknowledged.</summary>
    public long Unacknowledged => Interlocked.Read(ref _batchesSent) - Interlocked.Read(ref _batchesAcked);

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

    /// <summary>A host's call failed; returns how many have so far.</summary>
    public long CallLost() => Interlocked.Increment(ref _callsLost);

    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    public void Resent() => Interlocked.Increment(ref _batchesResent);

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
