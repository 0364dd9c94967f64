using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Collector.Tests.Ingest;

/// <summary>
/// The real collector in process, on a loopback port in plain text (its explicit option), and
/// clients that speak the protocol by hand: well, badly, or not at all.
/// </summary>
public sealed class AgentStreamServiceTests : IAsyncLifetime
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private CollectorServer _server = null!;
    private GrpcChannel _channel = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await CollectorServer.StartAsync(
            ("Collector:Grpc:PlaintextOnLoopback", "true"),
            ("Collector:Grpc:MaxMessageBytes", "65536"),
            ("Collector:Ingest:MaxProcessesPerHost", "1000"));
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_server.Port}");
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    private HostRegistry Registry => _server.Services.GetRequiredService<HostRegistry>();

    private AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> Connect() =>
        new AgentStream.AgentStreamClient(_channel).Connect(cancellationToken: _cancel);

    private async Task<CollectorMessage> NextAsync(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call)
    {
        Assert.True(await call.ResponseStream.MoveNext(_cancel), "the collector ended the call");
        return call.ResponseStream.Current;
    }

    private async Task<AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>> GreetAsync(string host, string instance = "i-1")
    {
        var call = Connect();
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello(host, instance) }, _cancel);
        Assert.Equal(CollectorMessage.BodyOneofCase.HelloAck, (await NextAsync(call)).BodyCase);
        return call;
    }

    private async Task<ulong> SendAsync(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call, Batch batch)
    {
        await call.RequestStream.WriteAsync(new AgentMessage { Batch = batch }, _cancel);
        var answer = await NextAsync(call);
        Assert.Equal(CollectorMessage.BodyOneofCase.Ack, answer.BodyCase);
        return answer.Ack.Seq;
    }

    private async Task<RpcException> RefusedAsync(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call, StatusCode expected)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(_cancel))
            {
            }
        });
        Assert.Equal(expected, e.StatusCode);
        return e;
    }

    [Fact]
    public async Task Connect_HelloThenBatches_AppliedAndAcknowledged()
    {
        using var call = await GreetAsync("web1");

        Assert.Equal(1ul, await SendAsync(call, Batches.Batch(1, keyframe: true).With(Batches.Started(10, "kthreaddi"))));
        Assert.Equal(2ul, await SendAsync(call, Batches.Batch(2).Updating(Batches.Cpu(10, 199f))));

        var state = Registry.Find("web1")!;
        lock (state.Gate)
        {
            var p = Assert.Single(state.Live);
            Assert.Equal("kthreaddi", p.Comm);
            Assert.Equal(199f, p.CpuPercent);
            Assert.True(state.Connected);
        }
    }

    [Fact]
    public async Task Connect_BatchResent_AcknowledgedButAppliedOnce()
    {
        using var call = await GreetAsync("web2");
        var batch = Batches.Batch(1, keyframe: true).With(Batches.Started(10));

        await SendAsync(call, batch);
        Assert.Equal(1ul, await SendAsync(call, batch));

        var state = Registry.Find("web2")!;
        Assert.Equal(1, state.BatchesApplied);
        Assert.Equal(1, state.DuplicatesIgnored);
    }

    [Fact]
    public async Task Connect_AgainWithTheSameInstance_ResumesAfterTheLastApplied()
    {
        using (var first = await GreetAsync("web3"))
        {
            await SendAsync(first, Batches.Batch(1, keyframe: true));
            await SendAsync(first, Batches.Batch(2));
        }

        using var second = Connect();
        await second.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello("web3") }, _cancel);
        var ack = (await NextAsync(second)).HelloAck;

        Assert.Equal(2ul, ack.LastSeq);
        Assert.True(ack.StateKnown);
    }

    [Fact]
    public async Task Connect_NewCallOfTheSameHost_OldCallEnds()
    {
        using var old = await GreetAsync("web4");
        using var fresh = await GreetAsync("web4");

        Assert.False(await old.ResponseStream.MoveNext(_cancel));
        Assert.Equal(1ul, await SendAsync(fresh, Batches.Batch(1, keyframe: true)));
        Assert.True(Registry.IsConnected("web4"));
    }

    [Fact]
    public async Task Connect_BatchBeforeHello_InvalidArgumentAndWarning()
    {
        using var call = Connect();
        await call.RequestStream.WriteAsync(new AgentMessage { Batch = Batches.Batch(1) }, _cancel);

        var e = await RefusedAsync(call, StatusCode.InvalidArgument);

        Assert.Contains("first message must be a hello", e.Status.Detail, StringComparison.Ordinal);
        await _server.Log.WaitForAsync(2003, "first message must be a hello");
    }

    [Fact]
    public async Task Connect_SecondHello_InvalidArgument()
    {
        using var call = await GreetAsync("web5");
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello("web5") }, _cancel);

        var e = await RefusedAsync(call, StatusCode.InvalidArgument);

        Assert.Contains("only batches", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_SequenceGap_InvalidArgumentAndNothingApplied()
    {
        using var call = await GreetAsync("web6");
        await SendAsync(call, Batches.Batch(1, keyframe: true));
        await call.RequestStream.WriteAsync(new AgentMessage { Batch = Batches.Batch(4).With(Batches.Started(99)) }, _cancel);

        var e = await RefusedAsync(call, StatusCode.InvalidArgument);

        Assert.Contains("2 missing", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Registry.Find("web6")!.Live);
    }

    [Theory]
    [InlineData("", "not a host name")]
    [InlineData("../etc/passwd", "not a host name")]
    [InlineData("web 7", "not a host name")]
    public async Task Connect_BadHostInHello_InvalidArgument(string host, string expected)
    {
        using var call = Connect();
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello(host) }, _cancel);

        var e = await RefusedAsync(call, StatusCode.InvalidArgument);

        Assert.Contains(expected, e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_MalformedProcess_InvalidArgumentNamingIt()
    {
        using var call = await GreetAsync("web8");
        var bad = Batches.Started(42);
        bad.CpuPercent = float.NaN;

        await call.RequestStream.WriteAsync(new AgentMessage { Batch = Batches.Batch(1, keyframe: true).With(bad) }, _cancel);

        var e = await RefusedAsync(call, StatusCode.InvalidArgument);
        Assert.Contains("process 42", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_MoreProcessesThanTheLimit_ResourceExhausted()
    {
        using var call = await GreetAsync("web9");
        var batch = Batches.Batch(1, keyframe: true);
        for (int pid = 1; pid <= 600; pid++)
        {
            batch.Started.Add(new ProcessSample { Pid = pid, StartTicks = 1, Comm = "x", Uid = 1, Ppid = 1 });
        }
        await SendAsync(call, batch);
        var more = Batches.Batch(2);
        for (int pid = 601; pid <= 1200; pid++)
        {
            more.Started.Add(new ProcessSample { Pid = pid, StartTicks = 1, Comm = "x", Uid = 1, Ppid = 1 });
        }

        await call.RequestStream.WriteAsync(new AgentMessage { Batch = more }, _cancel);

        var e = await RefusedAsync(call, StatusCode.ResourceExhausted);
        Assert.Contains("limit of 1000", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OversizedMessage_ResourceExhaustedAndLogged()
    {
        using var call = await GreetAsync("web10");
        var huge = Batches.Batch(1, keyframe: true);
        for (int pid = 1; pid <= 40; pid++)
        {
            var p = Batches.Started(pid);
            p.Cmdline = new string('x', 2000);
            huge.Started.Add(p);
        }
        Assert.True(huge.CalculateSize() > 65536);

        try
        {
            await call.RequestStream.WriteAsync(new AgentMessage { Batch = huge }, _cancel);
        }
        catch (RpcException)
        {
            // The message is larger than the stream's flow-control window: the server may read its
            // length, refuse it and end the call before the client has finished writing it.
        }

        await RefusedAsync(call, StatusCode.ResourceExhausted);
        await _server.Log.WaitForAsync(2003, "web10");
    }

    [Fact]
    public async Task Connect_GarbageBytes_RefusedWhileAnotherHostStreamsOn()
    {
        using var good = await GreetAsync("web11");
        await SendAsync(good, Batches.Batch(1, keyframe: true));

        // A gRPC frame (uncompressed, 5 bytes of header) whose body is not a protobuf message.
        byte[] body = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f];
        byte[] frame = [0, 0, 0, 0, (byte)body.Length, .. body];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_server.Port}/hsguard.v1.AgentStream/Connect")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, _cancel);
        string status = response.TrailingHeaders.TryGetValues("grpc-status", out var s) ? s.Single()
            : response.Headers.TryGetValues("grpc-status", out var h) ? h.Single() : "";

        Assert.True(status is not ("0" or ""), $"HTTP {(int)response.StatusCode} {response.Version}, headers: {response.Headers}, trailers: {response.TrailingHeaders}");
        await _server.Log.WaitForAsync(2003, "(host ?)");
        Assert.Equal(2ul, await SendAsync(good, Batches.Batch(2).With(Batches.Started(5))));
        Assert.True(Registry.IsConnected("web11"));
    }

    [Fact]
    public async Task Connect_NothingSent_CallEndsWithoutHarm()
    {
        using (var call = Connect())
        {
            await call.RequestStream.CompleteAsync();
            await RefusedAsync(call, StatusCode.InvalidArgument);
        }
        using var good = await GreetAsync("web12");
        Assert.Equal(1ul, await SendAsync(good, Batches.Batch(1, keyframe: true)));
    }

    [Fact]
    public async Task Connect_BytesOfARealMessage_RoundTrip()
    {
        // The wire form is protobuf: what the agent writes is exactly what the collector parses.
        var batch = Batches.Batch(1, keyframe: true).With(Batches.Started(10, "a (b) c\nd"));
        var parsed = Batch.Parser.ParseFrom(batch.ToByteArray());

        Assert.Equal(batch, parsed);
        using var call = await GreetAsync("web13");
        await SendAsync(call, parsed);
        Assert.Equal("a (b) c\nd", Registry.Find("web13")!.Live.Single().Comm);
    }
}
