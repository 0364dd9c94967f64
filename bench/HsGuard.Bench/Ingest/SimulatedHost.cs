using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using HsGuard.Agent.Streaming;
using HsGuard.Protocol.V1;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// One simulated agent: its own host name and instance, one call to the collector as the agent
/// holds it (hello, wait for the answer, then batches; acknowledgements read as they come). Its
/// first batch is a keyframe at its offset in the trace, then it follows the loop. Each batch's lag
/// is the time from when it was due (at a fixed rate: its tick; unlimited: when it was sent) to its
/// acknowledgement, so that batches queued behind a slow collector count as late.
/// When the call fails it reconnects as the agent's <see cref="CollectorStreamer"/> does: after
/// the agent's delay (doubling up to a bound, with jitter), the same instance says hello again,
/// takes the batches the collector's answer says it applied as acknowledged, resends the others in
/// order, and, when the collector does not know its state, sends a keyframe next. The ticks it
/// missed meanwhile follow at once, each stamped and lagged from its own due time, as the batches
/// the agent samples while the collector is away: every batch is counted once, sent or resent.
/// </summary>
internal sealed class SimulatedHost : IDisposable
{
    /// <summary>Batches in flight are tracked in a ring; the window never exceeds it.</summary>
    public const int MaxWindow = 512;
    private const int Ring = 1024;

    /// <summary>Reconnect delays and hello timeout: the agent's defaults.</summary>
    private static readonly StreamOptions Agent = new();

    private readonly GrpcChannel _channel;
    private readonly TraceLoop _loop;
    private readonly int _offset;
    private readonly IngestCounters _counters;
    private readonly SemaphoreSlim _window;
    private readonly Hello _hello;
    private readonly long[] _due = new long[Ring];
    private readonly int[] _samples = new int[Ring];
    // The batches sent and not yet acknowledged, kept for a resend.
    private readonly AgentMessage?[] _unacked = new AgentMessage?[Ring];
    private AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>? _call;
    private CancellationTokenSource? _callEnded;
    private Task _acks = Task.CompletedTask;
    private ulong _seq;
    private ulong _acked;
    private int _position;
    private bool _keyframeNext = true;
    private long _nextDue;

    private SimulatedHost(string name, GrpcChannel channel, TraceLoop loop, int offset, IngestCounters counters, int window)
    {
        Name = name;
        _channel = channel;
        _loop = loop;
        _offset = offset;
        _counters = counters;
        _window = new SemaphoreSlim(window, window);
        _hello = loop.Hello.Clone();
        _hello.Host = name;
        _hello.InstanceId = Guid.NewGuid().ToString("N");
    }

    public string Name { get; }

    /// <summary>Opens the call, says hello, waits for the answer, sends the keyframe at
    /// <paramref name="offset"/> and waits for its acknowledgement.</summary>
    public static async Task<SimulatedHost> ConnectAsync(string name, GrpcChannel channel, TraceLoop loop, int offset,
        IngestCounters counters, int window, CancellationToken cancel)
    {
        var host = new SimulatedHost(name, channel, loop, offset, counters, window);
        try
        {
            var call = await host.HelloAsync(cancel);
            await host._window.WaitAsync(cancel);
            await host.SendNewAsync(Stopwatch.GetTimestamp(), period: 0);
            if (!await call.ResponseStream.MoveNext(cancel))
            {
                throw new IOException($"{name}: the collector closed the call after the keyframe");
            }
            host.OnAck(call.ResponseStream.Current);
            host.ReadAcks(call);
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
    /// of unacknowledged batches allows, reconnecting whenever the call fails. Then ends the call as
    /// an agent that stops does; throws if the call was down at the stop.</summary>
    public async Task RunAsync(long firstDue, long period, TextWriter progress, CancellationToken stop)
    {
        _nextDue = firstDue;
        var delay = Agent.ReconnectMinDelay;
        while (true)
        {
            try
            {
                if (_call is null)
                {
                    await ReconnectAsync(stop);
                    delay = Agent.ReconnectMinDelay;
                }
                await TickAsync(period, stop);
                break;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RpcException or IOException or HttpRequestException or InvalidOperationException
                or TimeoutException or OperationCanceledException)
            {
                string reason = await DropCallAsync(e);
                var wait = CollectorStreamer.Jitter(delay);
                if (_counters.CallLost() <= 5)
                {
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{Name}: call lost ({reason}); {_seq - _acked} batches unacknowledged; reconnecting in {wait.TotalSeconds:F1} s"));
                }
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    throw new IOException($"{Name}: no call at the stop (the last one ended with {reason}); {_seq - _acked} batches unacknowledged");
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Agent.ReconnectMaxDelay.Ticks));
            }
        }
        if (_call is null)
        {
            throw new IOException($"{Name}: no call at the stop; {_seq - _acked} batches unacknowledged");
        }
        await _call.RequestStream.CompleteAsync();
        await _acks;
    }

    public void Dispose()
    {
        _call?.Dispose();
        _callEnded?.Dispose();
        _window.Dispose();
    }

    /// <summary>Ticks on the open call until the stop, or until the call ends (thrown).</summary>
    private async Task TickAsync(long period, CancellationToken stop)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop, _callEnded!.Token);
        while (!stop.IsCancellationRequested)
        {
            if (period > 0)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextDue);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancel.Token);
                }
            }
            await _window.WaitAsync(cancel.Token);
            await SendNewAsync(period > 0 ? _nextDue : Stopwatch.GetTimestamp(), period);
            _nextDue += period;
        }
    }

    /// <summary>A new call with the same instance: hello, the batches the collector applied taken
    /// as acknowledged, the others resent.</summary>
    private async Task ReconnectAsync(CancellationToken stop)
    {
        var call = await HelloAsync(stop);
        _counters.Reconnected();
        ReadAcks(call);
        for (ulong seq = _acked + 1; seq <= _seq; seq++)
        {
            if (_unacked[(int)(seq % Ring)] is { } batch && batch.Batch.Seq == seq)
            {
                await call.RequestStream.WriteAsync(batch, CancellationToken.None);
                _counters.Resent();
            }
        }
    }

    /// <summary>Opens a call and says hello; takes what the answer says the collector applied.</summary>
    private async Task<AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>> HelloAsync(CancellationToken cancel)
    {
        // Not ended by the stop: at the stop the host completes its side and reads the last acknowledgements.
        var call = new AgentStream.AgentStreamClient(_channel).Connect(cancellationToken: CancellationToken.None);
        HelloAck ack;
        try
        {
            _hello.Clock = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            await call.RequestStream.WriteAsync(new AgentMessage { Hello = _hello }, cancel);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Agent.HelloTimeout);
            bool answered;
            try
            {
                answered = await call.ResponseStream.MoveNext(timeout.Token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"the collector did not answer the hello within {Agent.HelloTimeout.TotalSeconds} s");
            }
            if (!answered || call.ResponseStream.Current.BodyCase != CollectorMessage.BodyOneofCase.HelloAck)
            {
                throw new IOException($"{Name}: the collector did not answer the hello");
            }
            ack = call.ResponseStream.Current.HelloAck;
        }
        catch
        {
            call.Dispose();
            throw;
        }
        _call = call;
        _callEnded = new CancellationTokenSource();
        Acknowledge(ack.LastSeq);
        // What is resent may name processes the collector never heard of: the next batch describes them all.
        _keyframeNext |= !ack.StateKnown;
        return call;
    }

    /// <summary>The next batch of the loop (or a keyframe, when the collector lost this host's
    /// state: the one at the host's offset, from where the loop goes on), sent once.</summary>
    private async Task SendNewAsync(long due, long period)
    {
        Batch template;
        if (_keyframeNext)
        {
            template = _loop.KeyframeAt(_offset);
            _position = _loop.Next(_offset);
            _keyframeNext = false;
        }
        else
        {
            template = _loop.At(_position);
            _position = _loop.Next(_position);
        }
        long now = Stopwatch.GetTimestamp();
        ulong seq = ++_seq;
        int slot = (int)(seq % Ring);
        _due[slot] = due;
        _samples[slot] = template.Started.Count + template.Updated.Count;
        // Stamped when it was due, as the agent stamps a batch when it samples.
        var message = TraceLoop.Stamp(template, seq, DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(due, Math.Max(now, due)));
        _unacked[slot] = message;
        _counters.Sent(message.CalculateSize(), _samples[slot], late: period > 0 && now - due > period);
        // Never cancelled: a write cancelled half-way would end the call; the stop is checked between batches.
        await _call!.RequestStream.WriteAsync(message, CancellationToken.None);
    }

    private void ReadAcks(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call)
    {
        var ended = _callEnded!;
        _acks = ReadAsync();

        async Task ReadAsync()
        {
            try
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    OnAck(call.ResponseStream.Current);
                }
            }
            finally
            {
                try
                {
                    await ended.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The host was disposed with its call still open (the run failed).
                }
            }
        }
    }

    /// <summary>Ends the broken call; returns why it ended.</summary>
    private async Task<string> DropCallAsync(Exception thrown)
    {
        string reason = Reason(thrown);
        _call?.Dispose();
        try
        {
            await _acks;
            if (thrown is OperationCanceledException)
            {
                reason = "the collector closed the call";
            }
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or OperationCanceledException)
        {
            if (thrown is OperationCanceledException)
            {
                reason = Reason(e);
            }
        }
        _call = null;
        _callEnded?.Dispose();
        _callEnded = null;
        _acks = Task.CompletedTask;
        return reason;
    }

    /// <summary>As the agent logs it: a status and its detail, or the message.</summary>
    private static string Reason(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;

    private void OnAck(CollectorMessage message)
    {
        if (message.BodyCase != CollectorMessage.BodyOneofCase.Ack)
        {
            throw new IOException($"{Name}: the collector sent a {message.BodyCase} where an acknowledgement was due");
        }
        Acknowledge(message.Ack.Seq);
    }

    private void Acknowledge(ulong upTo)
    {
        long now = Stopwatch.GetTimestamp();
        for (ulong seq = _acked + 1; seq <= Math.Min(upTo, _seq); seq++)
        {
            int slot = (int)(seq % Ring);
            _unacked[slot] = null;
            _counters.Acked(_samples[slot], Stopwatch.GetElapsedTime(_due[slot], now));
            _window.Release();
        }
        _acked = Math.Max(_acked, Math.Min(upTo, _seq));
    }
}
