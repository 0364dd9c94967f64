using System.Text.Json;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.Traces;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Ingest;

/// <summary><c>hsguard-collector run --local-agent</c>, the README's run command: on a first start it
/// creates its authority, issues this machine's agent a certificate, and the agent streams to it
/// over mutual TLS on loopback.</summary>
[Collection(LiveProcesses.Collection)]
public sealed class LocalAgentTests : IDisposable
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_LocalAgent_FirstStartStreamsOverMutualTls()
    {
        int port = LoopbackPorts.Free();
        string config = _dir.Combine("collector.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Collector = new
            {
                StateDirectory = _dir.Combine("state"),
                Grpc = new { Listen = $"127.0.0.1:{port}" },
                Web = new { Listen = $"127.0.0.1:{LoopbackPorts.Free()}" },
                Ingest = new { RecordDirectory = _dir.Combine("recorded") },
            },
            Agent = new { Sampler = new { Interval = "00:00:00.250" } },
        }), _cancel);
        string host = Environment.MachineName;
        string trace = Path.Combine(_dir.Combine("recorded"), host + ".jsonl");

        using var collector = HsGuardProgram.Start(HsGuardProgram.Collector, ["run", "--local-agent", "--config", config]);
        await Eventually.HoldsAsync(() => File.Exists(trace) && File.ReadLines(trace).Count() >= 4,
            "the local agent's batches\n" + collector.Output, TimeSpan.FromSeconds(30), _cancel);

        var first = TraceReader.Parse(File.ReadLines(trace).First(), trace, 1);
        Assert.Equal(host, first.Hello.Host);
        Assert.True(File.Exists(_dir.Combine("state", "pki", "ca.crt")));
        Assert.True(File.Exists(_dir.Combine("state", "local-agent", host + ".crt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.Combine("state", "local-agent", host + ".key")));
        Assert.Contains($"Agent {host} connected", collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[WRN]", collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERR]", collector.Output, StringComparison.Ordinal);

        await collector.StopAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, collector.ExitCode);
    }
}
