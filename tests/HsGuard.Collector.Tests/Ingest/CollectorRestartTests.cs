using System.Text.Json;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.Traces;
using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Ingest;

/// <summary>
/// What users run: hsguard-collector and hsguard-agent as processes of their own, over mutual TLS
/// on a loopback port, the collector recording what it applies. The collector is killed (SIGKILL)
/// mid-stream and started again: no batch is lost.
/// </summary>
[Collection(LiveProcesses.Collection)]
public sealed class CollectorRestartTests : IDisposable
{
    private const string AgentHostName = "e2e-agent";
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TempDirectory _dir = new();
    private readonly int _port = LoopbackPorts.Free();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_CollectorKilledAndRestarted_NoBatchLostAndTheStreamCarriesTheSampler()
    {
        string first = WriteCollectorConfig("first");
        string second = WriteCollectorConfig("second");
        using var burner = Burner.Start("-n", "hsg-restart", "-d", "0.5");

        var collector = await StartCollectorAsync(first);
        try
        {
            var issued = await HsGuardProgram.RunAsync(HsGuardProgram.Collector,
                ["ca", "issue", AgentHostName, "--out", _dir.Combine("agent"), "--config", first], cancel: _cancel);
            Assert.True(issued.ExitCode == 0, issued.Error);
            using var agent = HsGuardProgram.Start(HsGuardProgram.Agent, ["run", "--config", WriteAgentConfig()]);

            // The stream carries what the sampler sees: the burner, named, with its executable.
            await Eventually.HoldsAsync(() => Recorded("first").Any(m => m.Batch?.Started.Any(p =>
                    p.Pid == burner.Pid && p.Comm == "hsg-restart" && p.Exe == Burner.Program) == true),
                "the first collector to record the burner\n" + agent.Output, TimeSpan.FromSeconds(30), _cancel);
            ulong before = await WaitForSeqAsync("first", 10);

            collector.Kill();
            await Task.Delay(TimeSpan.FromSeconds(2), _cancel);  // the agent buffers meanwhile
            collector.Dispose();
            collector = await StartCollectorAsync(second);
            // The restarted collector knew nothing: after what it is resent comes a keyframe.
            await Eventually.HoldsAsync(() => Recorded("second").Any(m => m.Batch is { Keyframe: true }),
                "a keyframe after the restart\n" + agent.Output, TimeSpan.FromSeconds(30), _cancel);
            ulong after = MaxSeq("second");

            var firstSeqs = Seqs("first");
            var secondSeqs = Seqs("second");
            Assert.Equal(firstSeqs.Count, firstSeqs.Distinct().Count());     // each applied once
            Assert.Equal(secondSeqs.Count, secondSeqs.Distinct().Count());
            var all = firstSeqs.Concat(secondSeqs).ToHashSet();
            var missing = Enumerable.Range(1, (int)after).Select(i => (ulong)i).Where(s => !all.Contains(s)).ToList();
            Assert.True(missing.Count == 0, $"batches lost: {string.Join(",", missing)} (first up to {before})");
            var keyframes = Recorded("second").Where(m => m.Batch is { Keyframe: true }).Select(m => m.Batch).ToList();
            Assert.True(keyframes.Any(k => k.Started.Any(p => p.Pid == burner.Pid)),
                $"keyframes after the restart: {string.Join(", ", keyframes.Select(k => $"{k.Seq} ({k.Started.Count} processes)"))}; burner {burner.Pid}\n{agent.Output}");
            Assert.False(agent.HasExited, agent.Output);
        }
        finally
        {
            collector.Dispose();
        }
    }

    private Task<RunningProgram> StartCollectorAsync(string config) =>
        HsGuardProgram.StartListeningAsync(HsGuardProgram.Collector, ["run", "--config", config], _port, _cancel);

    private string WriteCollectorConfig(string name)
    {
        string path = _dir.Combine($"collector-{name}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Collector = new
            {
                StateDirectory = _dir.Combine("state"),
                Grpc = new { Listen = $"127.0.0.1:{_port}" },
                Web = new { Listen = $"127.0.0.1:{LoopbackPorts.Free()}" },
                Tls = new { ServerNames = new[] { "127.0.0.1" } },
                Ingest = new { RecordDirectory = _dir.Combine("recorded-" + name) },
            },
        }));
        return path;
    }

    private string WriteAgentConfig()
    {
        string files = _dir.Combine("agent");
        string path = _dir.Combine("agent.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Agent = new
            {
                Sampler = new { Interval = "00:00:00.200" },
                Collector = new
                {
                    Address = $"https://127.0.0.1:{_port}",
                    Host = AgentHostName,
                    CertificateFile = Path.Combine(files, AgentHostName + ".crt"),
                    KeyFile = Path.Combine(files, AgentHostName + ".key"),
                    CaFile = Path.Combine(files, "ca.crt"),
                },
                Stream = new { ReconnectMinDelay = "00:00:00.200", ReconnectMaxDelay = "00:00:01" },
            },
        }));
        return path;
    }

    private List<AgentMessage> Recorded(string name)
    {
        string path = Path.Combine(_dir.Combine("recorded-" + name), AgentHostName + ".jsonl");
        if (!File.Exists(path))
        {
            return [];
        }
        // The last line may be in the middle of being written.
        var lines = File.ReadAllLines(path);
        var messages = new List<AgentMessage>();
        for (int i = 0; i < lines.Length; i++)
        {
            try
            {
                messages.Add(TraceReader.Parse(lines[i], path, i + 1));
            }
            catch (InvalidDataException) when (i == lines.Length - 1)
            {
            }
        }
        return messages;
    }

    private List<ulong> Seqs(string name) => Recorded(name).Where(m => m.Batch is not null).Select(m => m.Batch.Seq).ToList();

    private ulong MaxSeq(string name) => Seqs(name).DefaultIfEmpty(0ul).Max();

    private async Task<ulong> WaitForSeqAsync(string name, ulong atLeast)
    {
        await Eventually.HoldsAsync(() => MaxSeq(name) >= atLeast, $"the {name} collector to record batch {atLeast}",
            TimeSpan.FromSeconds(30), _cancel);
        return MaxSeq(name);
    }
}
