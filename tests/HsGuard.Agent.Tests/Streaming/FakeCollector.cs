using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Grpc.Core;
using HsGuard.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Tests.Streaming;

/// <summary>
/// A stand-in for the collector's side of the stream, plain HTTP/2 on a loopback port: answers the
/// hello, acknowledges every batch, keeps every message that comes up, in order, and sends down the
/// commands a test gives it. Stopped and started again on the same port, it is a collector restart.
/// </summary>
internal sealed class FakeCollector : IAsyncDisposable
{
    private WebApplication? _app;

    public FakeCollector(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>Every message received, by every call, in order.</summary>
    public ConcurrentQueue<AgentMessage> Received { get; } = new();

    /// <summary>What the current call sends down after the hello's answer and the acks.</summary>
    public Channel<CollectorMessage> Down { get; private set; } = Channel.CreateUnbounded<CollectorMessage>();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, l => l.Protocols = HttpProtocols.Http2));
        // A stop ends the agent's call at once, as a collector that goes away does.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(100));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGrpcService<Service>();
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        Down = Channel.CreateUnbounded<CollectorMessage>();
    }

    public void Send(Command command) => Down.Writer.TryWrite(new CollectorMessage { Command = command });

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Service(FakeCollector collector) : AgentStream.AgentStreamBase
    {
        public override async Task Connect(IAsyncStreamReader<AgentMessage> requests, IServerStreamWriter<CollectorMessage> responses,
            ServerCallContext context)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            var down = collector.Down;
            if (!await requests.MoveNext(call.Token))
            {
                return;
            }
            collector.Received.Enqueue(requests.Current);
            await responses.WriteAsync(new CollectorMessage { HelloAck = new HelloAck { StateKnown = false, CollectorVersion = "fake" } }, call.Token);
            // One writer for the response stream from here on: acks go the same way as commands.
            var writer = Task.Run(async () =>
            {
                await foreach (var message in down.Reader.ReadAllAsync(call.Token))
                {
                    await responses.WriteAsync(message, call.Token);
                }
            });
            try
            {
                while (await requests.MoveNext(call.Token))
                {
                    var message = requests.Current;
                    collector.Received.Enqueue(message);
                    if (message.BodyCase == AgentMessage.BodyOneofCase.Batch)
                    {
                        down.Writer.TryWrite(new CollectorMessage { Ack = new Ack { Seq = message.Batch.Seq } });
                    }
                }
            }
            finally
            {
                await call.CancelAsync();
                try
                {
                    await writer;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }
}
