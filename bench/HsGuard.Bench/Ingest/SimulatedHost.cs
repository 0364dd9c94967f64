using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using HsGuard.Protocol.V1;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// One simulated agent: its own host name and instance, one call to the collector as the agent
/// holds it (hello, wait for the answer, then batches; acknowledgements read as they come). Its
/// first batch is a keyframe at its offset in the trace, then it follows the loop. Each batch's lag
/// is the time from when it was due (at a fixed rate: its tick; unlimited: when it was sent) to its
/// acknowledgement, so that batches queued behind a slow collector count as late.
/// </summary>
internal sealed class SimulatedHost : IDisposable
{
    /// <summary>Batches in flight are tracked in a ring; the window never exceeds it.</summary>
    public const int MaxWindow = 512;
    private const int Ring = 1024;

    private readonly AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> _call;
    private readonly TraceLoop _loop;
    private readonly IngestCounters _counters;
    private readonly SemaphoreSlim _window;
    private readonly long[] _due = new long[Ring];
    private readonly int[] _samples = new int[Ring];
    private ulong _seq;
    private ulong _acked;
    private int _position;

    private SimulatedHost(string name, AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call, TraceLoop loop,
        IngestCounters counters, int window)
    {
        Name = name;
        _call = call;
        _loop = loop;
        _counters = counters;
        _window = new SemaphoreSlim(window, window);
    }

    public string Name { get; }

    /// <summary>Opens the call, says hello, waits for the answer, sends the keyframe at
    /// <paramref name="offset"/> and waits for its acknowledgement.</summary>
    public static async Task<SimulatedHost> ConnectAsync(string name, GrpcChannel channel, TraceLoop loop, int offset,
        IngestCounters counters, int window, CancellationToken cancel)
    {
        var call = new AgentStream.AgentStreamClient(channel).Connect(cancellationToken: cancel);
        var host = new SimulatedHost(name, call, loop, counters, window);
        try
        {
            var hello = loop.Hello.Clone();
            hello.Host = name;
            hello.InstanceId = Guid.NewGuid().ToString("N");
            hello.Clock = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, cancel);
            if (!await call.ResponseStream.MoveNext(cancel) || call.ResponseStream.Current.BodyCase != CollectorMessage.BodyOneofCase.HelloAck)
            {
                throw new IOException($"{name}: the collector did not answer the hello");
            }
            await host._window.WaitAsync(cancel);
            await host.SendAsync(loop.KeyframeAt(offset), Stopwatch.GetTimestamp(), late: false);
            if (!await call.ResponseStream.MoveNext(cancel))
            {
                throw new IOException($"{name}: the collector closed the call after the keyframe");
            }
            host.OnAck(call.ResponseStream.Current);
            host._position = loop.Next(offset);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Sends until <paramref name="stop"/>: one batch every <paramref name="period"/>
    /// (Stopwatch ticks) from <paramref name="firstDue"/>, or with a period of 0 as fast as the window
    /// of unacknowledged batches allows. Then ends the call as an agent that stops does.</summary>
    public async Task RunAsync(long firstDue, long period, CancellationToken stop)
    {
        var acks = ReadAcksAsync();
        long due = firstDue;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (period > 0)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stop);
                    }
                }
                await _window.WaitAsync(stop);
                long now = Stopwatch.GetTimestamp();
                await SendAsync(_loop.At(_position), period > 0 ? due : now, late: period > 0 && now - due > period);
                _position = _loop.Next(_position);
                due += period;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        await _call.RequestStream.CompleteAsync();
        await acks;
    }

    public void Dispose()
    {
        _call.Dispose();
        _window.Dispose();
    }

    private async Task SendAsync(Batch template, long due, bool late)
    {
        ulong seq = ++_seq;
        int slot = (int)(seq % Ring);
        _due[slot] = due;
        _samples[slot] = template.Started.Count + template.Updated.Count;
        var message = TraceLoop.Stamp(template, seq, DateTimeOffset.UtcNow);
        int size = message.CalculateSize();
        // Never cancelled: a write cancelled half-way would end the call; the stop is checked between batches.
        await _call.RequestStream.WriteAsync(message, CancellationToken.None);
        _counters.Sent(size, _samples[slot], late);
    }

    private async Task ReadAcksAsync()
    {
        while (await _call.ResponseStream.MoveNext(CancellationToken.None))
        {
            OnAck(_call.ResponseStream.Current);
        }
    }

    private void OnAck(CollectorMessage message)
    {
        if (message.BodyCase != CollectorMessage.BodyOneofCase.Ack)
        {
            throw new IOException($"{Name}: the collector sent a {message.BodyCase} where an acknowledgement was due");
        }
        long now = Stopwatch.GetTimestamp();
        for (ulong seq = _acked + 1; seq <= message.Ack.Seq; seq++)
        {
            int slot = (int)(seq % Ring);
            _counters.Acked(_samples[slot], Stopwatch.GetElapsedTime(_due[slot], now));
            _window.Release();
        }
        _acked = Math.Max(_acked, message.Ack.Seq);
    }
}
