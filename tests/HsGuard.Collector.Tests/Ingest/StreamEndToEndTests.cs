using HsGuard.Agent.Streaming;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Collector.Tests.Ingest;

/// <summary>The real agent service and the real collector, both in this process, over mutual TLS
/// on a loopback port: what the sampler sees arrives.</summary>
[Collection(LiveProcesses.Collection)]
public sealed class StreamEndToEndTests : IAsyncLifetime
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TempDirectory _agentFiles = new();
    private readonly RecordingLoggerProvider _agentLog = new();
    private CollectorServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await CollectorServer.StartAsync(("Collector:Tls:ServerNames:0", "127.0.0.1"));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _agentFiles.Dispose();
    }

    private CollectorConnectionOptions IssueAgent(string host) =>
        AgentFiles.Write(_agentFiles.Path, _server.Authority.Issue(host, TimeSpan.FromDays(1)), _server.CaFile, $"https://127.0.0.1:{_server.Port}");

    [Fact]
    public async Task Stream_BurnerStarted_CollectorSeesItAsTheSamplerDoes()
    {
        var registry = _server.Services.GetRequiredService<HostRegistry>();
        await using var agent = await AgentHost.StartAsync(_agentLog,
            [.. AgentHost.Connection(IssueAgent("e2e-inproc")), new KeyValuePair<string, string?>("Agent:Sampler:Interval", "00:00:00.250")]);
        using var burner = Burner.Start("-t", "2", "-n", "hsg-e2e", "-a", "[kworker/1:1]");

        ProcessRecord? seen = null;
        await Eventually.HoldsAsync(() =>
        {
            var state = registry.Find("e2e-inproc");
            if (state is null)
            {
                return false;
            }
            lock (state.Gate)
            {
                seen = state.Find(burner.Pid, StartTicksOf(burner.Pid));
                return seen is { CpuPercent: > 50 };
            }
        }, "the collector to see the burner busy", TimeSpan.FromSeconds(20), _cancel);

        Assert.Equal("hsg-e2e", seen!.Comm);
        Assert.Equal(Burner.Program, seen.Exe);
        Assert.Equal("[kworker/1:1]", seen.CommandLine);
        Assert.Equal(3u, seen.Threads);
        Assert.Equal("root", seen.User);
        Assert.False(seen.Incomplete);
        Assert.True(registry.IsConnected("e2e-inproc"));
        Assert.True(agent.Streamer.Connections >= 1);
    }

    private static ulong StartTicksOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return ulong.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], System.Globalization.CultureInfo.InvariantCulture);
    }
}
