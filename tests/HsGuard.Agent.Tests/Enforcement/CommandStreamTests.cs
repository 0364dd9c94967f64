using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using HsGuard.Agent.Tests.Streaming;
using HsGuard.Protocol.V1;
using HsGuard.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>The command path end to end: the real agent service (sampler, streamer, enforcer) on a
/// plain HTTP/2 loopback call to a stand-in collector that sends commands and records what comes up.</summary>
[Collection(EnforcementCollection.Name)]
public sealed class CommandStreamTests(EnforcementFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _dir = new();
    private readonly RecordingLogger _log = new();
    private readonly List<IDisposable> _processes = [];
    private FakeCollector _collector = null!;
    private IHost _agent = null!;

    public async ValueTask InitializeAsync()
    {
        _collector = new FakeCollector(LoopbackPorts.Free());
        await _collector.StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "hsguard-agent" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:Collector:Address"] = _collector.Address,
            ["Agent:Collector:Host"] = "test-host",
            ["Agent:Collector:PlaintextOnLoopback"] = "true",
            ["Agent:Sampler:Interval"] = "00:00:00.250",
            ["Agent:Stream:ReconnectMinDelay"] = "00:00:00.050",
            ["Agent:Stream:ReconnectMaxDelay"] = "00:00:00.200",
            ["Agent:Enforcement:CgroupParent"] = fixture.CgroupParent,
            ["Agent:Enforcement:StateFile"] = _dir.Combine("suspensions.json"),
            ["Agent:Enforcement:CrontabDirectory"] = _dir.Path,
        });
        builder.Logging.AddProvider(new Provider(_log));
        builder.Services.AddAgentServices();
        builder.Services.AddAgentStreaming();
        _agent = builder.Build();
        await _agent.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _agent.StopAsync(CancellationToken.None);
        _agent.Dispose();
        await _collector.DisposeAsync();
        EnforcementFixture.Sweep(fixture.CgroupParent);
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        _dir.Dispose();
    }

    [Fact]
    public async Task Suspend_ThroughTheStream_ResultThenEvidenceComeUpOnTheSameCall()
    {
        var burner = Track(Burner.Start("-u", Uid, "-t", "2"));
        await WaitForAsync(m => m.BodyCase == AgentMessage.BodyOneofCase.Batch && m.Batch.Seq >= 2);
        var command = Command(CommandKind.Suspend, burner.Pid, incident: 31);

        _collector.Send(command);

        var result = (await WaitForAsync(m => m.CommandResult?.CommandId == command.Id)).CommandResult;
        Assert.Equal((CommandStatus.Done, 31L), (result.Status, result.IncidentId));
        await WaitForAsync(m => m.EvidenceChunk is { Last: true } chunk && chunk.CommandId == command.Id);
        var sent = _collector.Received.ToList();
        // The result as soon as the tree is held; the evidence, captured right after, follows it
        // (a batch may come in between), and the bundle comes before its chunks.
        int resultAt = sent.FindIndex(m => m.CommandResult?.CommandId == command.Id);
        int bundleAt = sent.FindIndex(m => m.Evidence?.CommandId == command.Id);
        int chunkAt = sent.FindIndex(m => m.EvidenceChunk?.CommandId == command.Id);
        Assert.True(resultAt < bundleAt && bundleAt < chunkAt, $"result at {resultAt}, bundle at {bundleAt}, first chunk at {chunkAt}");
        await ProcStat.AssertHeldAsync(burner.Pid, TimeSpan.FromSeconds(1));
        // Batches go on, numbered without a gap, around the results.
        var seqs = _collector.Received.Where(m => m.Batch is not null).Select(m => m.Batch.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (ulong)i), seqs);

        _collector.Send(Command(CommandKind.Resume, 0, incident: 31));
        await WaitForAsync(m => m.CommandResult is { Status: CommandStatus.Done, IncidentId: 31 } r && r.CommandId != command.Id);
        await ProcStat.AssertRunsAsync(burner.Pid);
        Assert.Empty(_log.AtLeast(LogLevel.Warning));
    }

    [Fact]
    public async Task CollectorAway_UpdateWaitsAndGoesFirstAfterTheNextHello_ExpiredCommandRefused()
    {
        var first = Track(Burner.Start("-u", Uid, "-t", "1"));
        var command = Command(CommandKind.Suspend, first.Pid, incident: 32);
        _collector.Send(command);
        await WaitForAsync(m => m.CommandResult?.CommandId == command.Id);

        await _collector.StopAsync();
        // The miner started again while the collector is away: held at the next tick, reported later.
        var again = Track(Burner.Start("-u", Uid, "-t", "1"));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        await ProcStat.AssertHeldAsync(again.Pid, TimeSpan.FromMilliseconds(500));
        int before = _collector.Received.Count;
        var stale = Command(CommandKind.Kill, first.Pid, incident: 32);
        stale.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-5));
        _collector.Send(stale);
        await _collector.StartAsync();

        var update = (await WaitForAsync(m => m.CommandResult?.Status == CommandStatus.Update)).CommandResult;
        var afterHello = _collector.Received.Skip(before).ToList();
        Assert.Equal(AgentMessage.BodyOneofCase.Hello, afterHello[0].BodyCase);
        Assert.Equal(AgentMessage.BodyOneofCase.CommandResult, afterHello[1].BodyCase);   // before any batch
        Assert.Equal((command.Id, again.Pid, "joined"), (update.CommandId, update.Processes[0].Pid, update.Processes[0].Outcome));
        var refused = (await WaitForAsync(m => m.CommandResult?.CommandId == stale.Id)).CommandResult;
        Assert.Equal((CommandStatus.Refused, "expired"), (refused.Status, refused.Reason));
        Assert.False(ProcStat.IsGone(first.Pid));
    }

    private static string Uid => EnforcementFixture.Uid.ToString(CultureInfo.InvariantCulture);

    private BurnerProcess Track(BurnerProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static Command Command(CommandKind kind, int pid, long incident) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Kind = kind,
        Target = new ProcessKey { Pid = pid, StartTicks = pid > 0 ? ProcStat.Of(pid).StartTicks : 0 },
        Scope = CommandScope.Tree,
        IncidentId = incident,
        IssuedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)),
        IssuedBy = "policy",
    };

    private async Task<AgentMessage> WaitForAsync(Func<AgentMessage, bool> match)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (_collector.Received.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException("the collector did not receive the message within " + Wait);
    }

    private sealed class Provider(RecordingLogger log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => log;

        public void Dispose()
        {
        }
    }
}
