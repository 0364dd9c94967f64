using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Response;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Collector.Tests.Response;

/// <summary>
/// The response through the real collector (in process, plain text on loopback) and an agent
/// driven by hand: a process with clear signals comes in, a suspend command goes out, the result
/// and the evidence come back and land on the incident.
/// </summary>
public sealed class CommandPathTests : IAsyncDisposable
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private CollectorServer? _server;
    private GrpcChannel? _channel;

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task StartAsync(string mode = "Enforce")
    {
        _server = await CollectorServer.StartAsync(services => services.AddSingleton<TimeProvider>(_time),
            ("Collector:Grpc:PlaintextOnLoopback", "true"), ("Collector:Response:Mode", mode));
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_server.Port}");
    }

    private IncidentBook Incidents => _server!.Services.GetRequiredService<IncidentBook>();

    private ResponseService Response => _server!.Services.GetRequiredService<ResponseService>();

    private async Task<AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>> ConnectAsync(string host, string instance = "i-1")
    {
        var call = new AgentStream.AgentStreamClient(_channel).Connect(cancellationToken: _cancel);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello(host, instance) }, _cancel);
        Assert.True(await call.ResponseStream.MoveNext(_cancel));
        Assert.Equal(CollectorMessage.BodyOneofCase.HelloAck, call.ResponseStream.Current.BodyCase);
        return call;
    }

    private static ProcessSample Miner() => new()
    {
        Pid = 4242, StartTicks = 900_000, Ppid = 1, Uid = 1500, User = "xyz00-web", Comm = "kthreaddi",
        Exe = "/tmp/.x/kthreaddi", Cmdline = "kthreaddi", State = "S", Session = 4242, Threads = 3, RssKb = 5000, CpuPercent = 190,
    };

    /// <summary>Reads down the call until a command comes (acknowledgements pass by).</summary>
    private async Task<Command?> NextCommandAsync(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call, TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
        timeout.CancelAfter(within);
        try
        {
            while (await call.ResponseStream.MoveNext(timeout.Token))
            {
                if (call.ResponseStream.Current.BodyCase == CollectorMessage.BodyOneofCase.Command)
                {
                    return call.ResponseStream.Current.Command;
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !_cancel.IsCancellationRequested)
        {
        }
        return null;
    }

    private async Task<Command> SuspendedMinerAsync(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call)
    {
        await call.RequestStream.WriteAsync(new AgentMessage { Batch = Batches.Batch(1, keyframe: true).With(Miner()) }, _cancel);
        return await NextCommandAsync(call, TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("no command came");
    }

    [Fact]
    public async Task Suspend_ClearSignals_CommandOutResultAndEvidenceRecorded()
    {
        await StartAsync();
        using var call = await ConnectAsync("web1");

        var command = await SuspendedMinerAsync(call);

        Assert.Equal(CommandKind.Suspend, command.Kind);
        Assert.Equal((4242, 900_000ul), (command.Target.Pid, command.Target.StartTicks));
        Assert.Equal(CommandScope.Tree, command.Scope);
        Assert.Equal("policy", command.IssuedBy);
        Assert.True(command.ExpiresAt.ToDateTimeOffset() > command.IssuedAt.ToDateTimeOffset());
        var incident = Incidents.Find(command.IncidentId)!;
        Assert.Equal(Verdict.Suspend, incident.Verdict);

        await call.RequestStream.WriteAsync(new AgentMessage
        {
            CommandResult = new CommandResult
            {
                CommandId = command.Id, IncidentId = command.IncidentId, Status = CommandStatus.Done, Method = "cgroup v1 freezer",
                Time = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
                Processes = { new ProcessOutcome { Pid = 4242, StartTicks = 900_000, Comm = "kthreaddi", Outcome = "frozen" } },
            },
        }, _cancel);
        byte[] executable = RandomNumberGenerator.GetBytes(2_500_000);
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Evidence = new EvidenceBundle
            {
                CommandId = command.Id, IncidentId = command.IncidentId, Process = command.Target, Exe = "/tmp/.x/kthreaddi", ExeDeleted = true,
                ExeSha256 = Convert.ToHexStringLower(SHA256.HashData(executable)), ExeSize = (ulong)executable.Length,
                ExeCopySize = (ulong)executable.Length, Cmdline = "kthreaddi", Environment = { "HOME=/home/xyz00", "DB_PASSWORD=***" },
            },
        }, _cancel);
        for (int offset = 0; offset < executable.Length; offset += 1 << 20)
        {
            int length = Math.Min(1 << 20, executable.Length - offset);
            await call.RequestStream.WriteAsync(new AgentMessage
            {
                EvidenceChunk = new EvidenceChunk
                {
                    CommandId = command.Id, Offset = (ulong)offset, Data = ByteString.CopyFrom(executable, offset, length),
                    Last = offset + length == executable.Length,
                },
            }, _cancel);
        }

        await Eventually.HoldsAsync(() => Incidents.Read(() => incident.Captured.FirstOrDefault()?.CopyVerified == true),
            "the evidence copy to be verified", TimeSpan.FromSeconds(10), _cancel);
        var (status, action) = Incidents.Read(() => (incident.Status, incident.Actions.Single(a => a.CommandId == command.Id)));
        Assert.Equal(IncidentStatus.Suspended, status);
        Assert.Equal("done", action.Status);
        Assert.Equal("cgroup v1 freezer", action.Method);
        Assert.Contains("4242 kthreaddi frozen", action.Outcomes);
        var stored = incident.Captured.Single();
        Assert.Equal(executable, await File.ReadAllBytesAsync(stored.ExecutableCopy!, _cancel));
        Assert.Contains("DB_PASSWORD=***", await File.ReadAllTextAsync(Path.Combine(stored.Directory, "bundle.json"), _cancel), StringComparison.Ordinal);
        Assert.Contains(incident.Actions, a => a.Kind == "decision" && a.Detail.Contains("suspend", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suspend_ObserveMode_RecordedButNoCommand()
    {
        await StartAsync(mode: "Observe");
        using var call = await ConnectAsync("web2");

        await call.RequestStream.WriteAsync(new AgentMessage { Batch = Batches.Batch(1, keyframe: true).With(Miner()) }, _cancel);

        Assert.Null(await NextCommandAsync(call, TimeSpan.FromSeconds(2)));
        var incident = Assert.Single(Incidents.All);
        Assert.Equal(Verdict.Suspend, incident.Verdict);
        await Eventually.HoldsAsync(() => Incidents.Read(() => incident.Actions.Any(a => a.Detail.Contains("mode observe", StringComparison.Ordinal))),
            "the decision to be recorded", TimeSpan.FromSeconds(5), _cancel);
        await _server!.Log.WaitForAsync(8001, "mode observe");
    }

    [Fact]
    public async Task Resume_HostmasterOrder_SentDownTheStream()
    {
        await StartAsync();
        using var call = await ConnectAsync("web3");
        var suspend = await SuspendedMinerAsync(call);

        var (action, refusal) = await Response.RequestAsync(suspend.IncidentId, CommandKind.Resume, "alice", _cancel);
        var resume = await NextCommandAsync(call, TimeSpan.FromSeconds(5));

        Assert.Null(refusal);
        Assert.Equal(CommandKind.Resume, resume!.Kind);
        Assert.Equal("alice", resume.IssuedBy);
        Assert.Equal(action!.CommandId, resume.Id);
        Assert.Equal((null, "no incident 999"), await Response.RequestAsync(999, CommandKind.Kill, "alice", _cancel));
    }

    [Fact]
    public async Task Kill_HostAway_WaitsAndIsSentAfterTheHello()
    {
        await StartAsync();
        long incident;
        using (var call = await ConnectAsync("web4"))
        {
            incident = (await SuspendedMinerAsync(call)).IncidentId;
        }
        await Eventually.HoldsAsync(() => _server!.Services.GetRequiredService<HsGuard.Collector.Ingest.HostRegistry>().Session("web4") is null,
            "the host to be away", TimeSpan.FromSeconds(5), _cancel);

        var (action, _) = await Response.RequestAsync(incident, CommandKind.Kill, "alice", _cancel);
        Assert.Equal("pending", action!.Status);
        using var again = await ConnectAsync("web4");
        var kill = await NextCommandAsync(again, TimeSpan.FromSeconds(5));

        Assert.Equal(CommandKind.Kill, kill!.Kind);
        Assert.Equal("sent", action.Status);
    }

    [Fact]
    public async Task Kill_HostAwayPastTheTimeToLive_ExpiredNeverSent()
    {
        await StartAsync();
        long incident;
        using (var call = await ConnectAsync("web5"))
        {
            incident = (await SuspendedMinerAsync(call)).IncidentId;
        }
        await Eventually.HoldsAsync(() => _server!.Services.GetRequiredService<HsGuard.Collector.Ingest.HostRegistry>().Session("web5") is null,
            "the host to be away", TimeSpan.FromSeconds(5), _cancel);
        var (action, _) = await Response.RequestAsync(incident, CommandKind.Kill, "alice", _cancel);

        _time.Advance(TimeSpan.FromSeconds(61));
        using var again = await ConnectAsync("web5");

        Assert.Null(await NextCommandAsync(again, TimeSpan.FromSeconds(2)));
        Assert.Equal("expired", action!.Status);
        await _server!.Log.WaitForAsync(8004, "web5");
    }

    [Fact]
    public async Task Result_UnknownCommandOrOtherHost_IgnoredWithAWarning()
    {
        await StartAsync();
        using var owner = await ConnectAsync("web6");
        var command = await SuspendedMinerAsync(owner);
        using var other = await ConnectAsync("web7");

        await other.RequestStream.WriteAsync(new AgentMessage
        {
            CommandResult = new CommandResult { CommandId = command.Id, Status = CommandStatus.Done },
        }, _cancel);
        await other.RequestStream.WriteAsync(new AgentMessage
        {
            CommandResult = new CommandResult { CommandId = "no-such-command", Status = CommandStatus.Done },
        }, _cancel);

        await _server!.Log.WaitForAsync(8006, "no-such-command");
        await _server.Log.WaitForAsync(8006, command.Id);
        var incident = Incidents.Find(command.IncidentId)!;
        Assert.Equal(IncidentStatus.Open, incident.Status);
    }
}
