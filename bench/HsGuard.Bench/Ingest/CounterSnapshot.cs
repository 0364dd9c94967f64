namespace HsGuard.Bench.Ingest;

/// <summary>
/// <see cref="IngestCounters"/> at one moment (a <see cref="System.Diagnostics.Stopwatch"/>
/// timestamp). <c>LateSends</c>: batches whose send started more than a tick after it was due (the
/// call was still busy with earlier ones). <c>WireSent</c>: bytes the hosts wrote to their TCP
/// connections (TLS, HTTP/2 and gRPC framing included).
/// </summary>
internal sealed record CounterSnapshot(
    long Timestamp, long BatchesSent, long BatchesAcked, long SamplesAcked, long MessageBytesSent, long MessagesSent,
    long LateSends, long SamplesSent, long WireSent, long WireReceived, long[] Lag);
