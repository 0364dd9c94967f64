using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HsGuard.Protocol.V1;

namespace HsGuard.Bench.Response;

/// <summary>
/// An in-process hook on the collector's agent stream (a gRPC server interceptor): for every
/// process that a batch reports as started, the pass time the agent gave the batch (when the
/// sampler's pass began) and the moment the collector read the message off the stream (after
/// HTTP/2 and protobuf, before validation and ingest). The first batch naming a process is kept.
/// </summary>
internal sealed class BatchArrivals
{
    private readonly ConcurrentDictionary<(int Pid, ulong StartTicks), (DateTimeOffset Sampled, DateTimeOffset Received)> _first = new();

    public bool TryGet(int pid, ulong startTicks, out (DateTimeOffset Sampled, DateTimeOffset Received) arrival) =>
        _first.TryGetValue((pid, startTicks), out arrival);

    public void Clear() => _first.Clear();

    private void OnMessage(AgentMessage message, DateTimeOffset received)
    {
        if (message.Batch is not { } batch)
        {
            return;
        }
        var sampled = batch.Time.ToDateTimeOffset();
        foreach (var p in batch.Started)
        {
            _first.TryAdd((p.Pid, p.StartTicks), (sampled, received));
        }
    }

    /// <summary>Registered with <c>GrpcServiceOptions.Interceptors.Add&lt;Interceptor&gt;(arrivals)</c>.</summary>
    internal sealed class Hook(BatchArrivals arrivals) : Interceptor
    {
        public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
            IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
            continuation(new Reader<TRequest>(requestStream, arrivals), responseStream, context);
    }

    private sealed class Reader<T>(IAsyncStreamReader<T> inner, BatchArrivals arrivals) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            bool more = await inner.MoveNext(cancellationToken);
            if (more && inner.Current is AgentMessage message)
            {
                arrivals.OnMessage(message, DateTimeOffset.UtcNow);
            }
            return more;
        }
    }
}
