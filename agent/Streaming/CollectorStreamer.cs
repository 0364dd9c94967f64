using Grpc.Core;
using Grpc.Net.Client;
using HsGuard.Agent.Enforcement;
using HsGuard.Protocol.Hosting;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Streaming;

/// <summary>
/// Keeps one call to the collector open: hello, then every buffered batch the collector has not
/// applied, in order, then each new one; acknowledgements free the buffer. Commands that come down
/// go to the <see cref="CommandInbox"/> (the reader never waits for them to be carried out); their
/// results and evidence go up before any batch. The request stream has one writer, the write
/// loop, which takes from the <see cref="MessageOutbox"/> first and from the batch buffer after.
/// When the call fails it reconnects after a delay that doubles up to a bound, with jitter so that
/// a fleet of agents does not reconnect in step after a collector restart.
/// </summary>
internal sealed class CollectorStreamer : SupervisedService
{
    private readonly CollectorConnectionOptions _connection;
    private readonly StreamOptions _options;
    private readonly AgentInstance _instance;
    private readonly BatchBuilder _builder;
    private readonly BatchBuffer _buffer;
    private readonly MessageOutbox _outbox;
    private readonly CommandInbox _commands;
    private readonly TimeProvider _time;
    private readonly ILogger<CollectorStreamer> _log;

    public CollectorStreamer(IOptions<CollectorConnectionOptions> connection, IOptions<StreamOptions> options, AgentInstance instance,
        BatchBuilder builder, BatchBuffer buffer, MessageOutbox outbox, CommandInbox commands, TimeProvider time,
        IHostApplicationLifetime lifetime, ILogger<CollectorStreamer> log)
        : base(lifetime, log)
    {
        _outbox = outbox;
        _commands = commands;
        _connection = connection.Value;
        _options = options.Value;
        _instance = instance;
        _builder = builder;
        _buffer = buffer;
        _time = time;
        _log = log;
    }

    /// <summary>Calls that reached the collector and got its hello answer.</summary>
    public int Connections { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        StreamLog.Starting(_log, _connection.Address, _instance.Host, _instance.InstanceId);
        var delay = _options.ReconnectMinDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                using var channel = CollectorChannelFactory.Create(_connection, _log);
                await StreamAsync(channel, () => delay = _options.ReconnectMinDelay, stoppingToken);
                reason = "the collector closed the call";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e)
            {
                reason = $"{e.StatusCode}: {e.Status.Detail}";
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException or InvalidOperationException
                or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                reason = e.Message;
            }
            var wait = Jitter(delay);
            StreamLog.ConnectionFailed(_log, _connection.Address, reason, wait);
            await Task.Delay(wait, _time, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }

    private async Task StreamAsync(GrpcChannel channel, Action connected, CancellationToken stoppingToken)
    {
        var client = new AgentStream.AgentStreamClient(channel);
        using var callCancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var call = client.Connect(cancellationToken: callCancel.Token);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = _instance.CreateHello() }, callCancel.Token);

        var ack = await ReadHelloAckAsync(call.ResponseStream, callCancel.Token);
        _buffer.Acknowledge(ack.LastSeq);
        if (!ack.StateKnown)
        {
            // What we resend may refer to processes the collector never heard of: describe them all.
            _builder.RequestKeyframe();
        }
        Connections++;
        connected();
        StreamLog.Connected(_log, _connection.Address, ack.CollectorVersion, ack.LastSeq, ack.StateKnown, _buffer.Count);

        var responses = ReadResponsesAsync(call.ResponseStream, callCancel.Token);
        try
        {
            await WriteAsync(call.RequestStream, ack.LastSeq, responses, callCancel.Token);
        }
        finally
        {
            await callCancel.CancelAsync();
            try
            {
                await responses;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or IOException)
            {
                // The call is over either way; its first error was already reported.
            }
        }
    }

    /// <summary>The request stream's one writer: results and evidence as soon as they are there,
    /// batches in order after them; returns when the response reader ends (rethrowing what ended
    /// the call).</summary>
    private async Task WriteAsync(IClientStreamWriter<AgentMessage> requests, ulong sent, Task responses, CancellationToken cancel)
    {
        // Each wait is kept until it completes: a second read of the same signal channel would
        // take a signal meant for the next turn.
        Task? batchAdded = null;
        Task? messageAdded = null;
        while (true)
        {
            if (_outbox.Peek() is { } message)
            {
                await requests.WriteAsync(message, cancel);
                _outbox.Remove(message);
                continue;
            }
            if (_buffer.NextAfter(sent) is { } batch)
            {
                await requests.WriteAsync(new AgentMessage { Batch = batch }, cancel);
                sent = batch.Seq;
                continue;
            }
            batchAdded ??= _buffer.WaitForBatchAsync(cancel).AsTask();
            messageAdded ??= _outbox.WaitAsync(cancel).AsTask();
            if (await Task.WhenAny(batchAdded, messageAdded, responses) == responses)
            {
                await responses; // rethrows what ended the call
                return;
            }
            if (batchAdded.IsCompleted)
            {
                await batchAdded;
                batchAdded = null;
            }
            if (messageAdded.IsCompleted)
            {
                await messageAdded;
                messageAdded = null;
            }
        }
    }

    private async Task<HelloAck> ReadHelloAckAsync(IAsyncStreamReader<CollectorMessage> responses, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(_options.HelloTimeout);
        try
        {
            if (!await responses.MoveNext(timeout.Token))
            {
                throw new IOException("the collector closed the call before answering the hello");
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"the collector did not answer the hello within {_options.HelloTimeout}");
        }
        var first = responses.Current;
        if (first.BodyCase != CollectorMessage.BodyOneofCase.HelloAck)
        {
            throw new IOException($"the collector answered the hello with a {first.BodyCase}");
        }
        return first.HelloAck;
    }

    private async Task ReadResponsesAsync(IAsyncStreamReader<CollectorMessage> responses, CancellationToken cancel)
    {
        while (await responses.MoveNext(cancel))
        {
            var message = responses.Current;
            switch (message.BodyCase)
            {
                case CollectorMessage.BodyOneofCase.Ack:
                    _buffer.Acknowledge(message.Ack.Seq);
                    break;
                case CollectorMessage.BodyOneofCase.Command:
                    // Queued, never waited for: this loop also takes the acknowledgements.
                    _commands.Accept(message.Command);
                    break;
            }
        }
    }

    /// <summary>The delay, 25 % more or less at random (the simulated hosts of the ingest benchmark wait the same).</summary>
    internal static TimeSpan Jitter(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (0.75 + (Random.Shared.NextDouble() * 0.5))));
}
