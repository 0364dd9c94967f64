using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>What a suspension captures of its target, from a real process.</summary>
[Collection(EnforcementCollection.Name)]
public sealed class EvidenceTests(EnforcementFixture fixture)
{
    [Fact]
    public async Task Suspend_BinaryDeletedAfterStart_HashAndCopyOfTheOriginal()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto, o => o.EvidenceChunkBytes = 4096);
        string copy = Burner.CopyTo(h.Directory.Combine("dropped-miner"));
        byte[] original = await File.ReadAllBytesAsync(copy, TestContext.Current.CancellationToken);
        var burner = h.StartBurnerFrom(copy, "-t", "1");
        File.Delete(copy);

        var result = await h.SuspendAsync(burner.Pid);

        Assert.Equal(CommandStatus.Done, result.Status);
        var sent = h.Drain();
        var bundle = Assert.Single(sent, m => m.BodyCase == AgentMessage.BodyOneofCase.Evidence).Evidence;
        Assert.Equal((result.CommandId, 1L), (bundle.CommandId, bundle.IncidentId));
        Assert.Equal((burner.Pid, ProcStat.Of(burner.Pid).StartTicks), (bundle.Process.Pid, bundle.Process.StartTicks));
        Assert.Equal(copy, bundle.Exe);
        Assert.True(bundle.ExeDeleted);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), bundle.ExeSha256);
        Assert.Equal((ulong)original.Length, bundle.ExeSize);
        Assert.Equal((ulong)original.Length, bundle.ExeCopySize);
        var chunks = sent.Where(m => m.BodyCase == AgentMessage.BodyOneofCase.EvidenceChunk).Select(m => m.EvidenceChunk).ToList();
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.Equal(result.CommandId, c.CommandId));
        Assert.Equal(chunks.Select((c, i) => (ulong)(i * 4096)), chunks.Select(c => c.Offset));
        Assert.Equal([.. Enumerable.Repeat(false, chunks.Count - 1), true], chunks.Select(c => c.Last));
        Assert.Equal(original, chunks.SelectMany(c => c.Data.ToByteArray()).ToArray());
        Assert.DoesNotContain(bundle.Missing, m => m.StartsWith("executable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suspend_ExecutableOverTheCap_WholeHashFirstBytesCopied()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto, o => (o.EvidenceMaxExeBytes, o.EvidenceChunkBytes) = (8192, 4096));
        byte[] original = await File.ReadAllBytesAsync(Burner.Program, TestContext.Current.CancellationToken);
        var burner = h.StartBurner("-t", "1");

        await h.SuspendAsync(burner.Pid);

        var sent = h.Drain();
        var bundle = sent.Single(m => m.BodyCase == AgentMessage.BodyOneofCase.Evidence).Evidence;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), bundle.ExeSha256);
        Assert.Equal((ulong)original.Length, bundle.ExeSize);
        Assert.Equal(8192ul, bundle.ExeCopySize);
        var copied = sent.Where(m => m.BodyCase == AgentMessage.BodyOneofCase.EvidenceChunk).SelectMany(m => m.EvidenceChunk.Data.ToByteArray());
        Assert.Equal(original[..8192], copied.ToArray());
        Assert.Contains($"executable: copied the first 8192 of its {original.Length} bytes (EvidenceMaxExeBytes)", bundle.Missing);
    }

    [Fact]
    public async Task Suspend_MemberProcess_EnvironmentMaskedAndTheRestCaptured()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        using var pool = new TcpListener(IPAddress.Loopback, 0);
        pool.Start();
        int port = ((IPEndPoint)pool.LocalEndpoint).Port;
        await File.WriteAllTextAsync(Path.Combine(h.Options.CrontabDirectory, EnforcementFixture.UserName),
            "@reboot /tmp/.x/kthreaddi -c /tmp/.x/config.json\n", TestContext.Current.CancellationToken);
        var miner = h.RunAsUser(
            $"FOO_TOKEN=abc POOL_URL=stratum+tcp://wallet:secret@127.0.0.1:{port} LANG=C exec {Burner.Program} -r -t 1 -p {port} -n kthreaddi");
        Assert.StartsWith("ready ", await miner.Output.ReadLineAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var accepted = await pool.AcceptTcpClientAsync(TestContext.Current.CancellationToken);

        await h.SuspendAsync(miner.Pid);

        var bundle = h.Drain().Single(m => m.BodyCase == AgentMessage.BodyOneofCase.Evidence).Evidence;
        Assert.Contains("FOO_TOKEN=***", bundle.Environment);
        Assert.Contains($"POOL_URL=stratum+tcp://***@127.0.0.1:{port}", bundle.Environment);
        Assert.Contains("LANG=C", bundle.Environment);
        Assert.DoesNotContain(bundle.Environment, e => e.Contains("abc", StringComparison.Ordinal) || e.Contains("secret", StringComparison.Ordinal));
        Assert.Equal($"{Burner.Program} -r -t 1 -p {port} -n kthreaddi", bundle.Cmdline);
        Assert.Equal((EnforcementFixture.UserName, EnforcementFixture.Uid), (bundle.User, bundle.Uid));
        Assert.Equal("@reboot /tmp/.x/kthreaddi -c /tmp/.x/config.json\n", bundle.Crontab);
        var connection = Assert.Single(bundle.Connections);
        Assert.Equal(("127.0.0.1", (uint)port, "ESTABLISHED"), (connection.RemoteAddress, connection.RemotePort, connection.State));
        Assert.Contains(bundle.OpenFiles, f => f.Contains("-> socket:[", StringComparison.Ordinal));
        Assert.True(bundle.Memory.Regions > 10);
        Assert.True(bundle.Memory.RssKb > 1024);
        Assert.Contains(Burner.Program, bundle.Memory.Files);
        Assert.Equal(bundle.Memory.Files.Count, bundle.Memory.Files.Distinct().Count());
        Assert.Equal(Environment.ProcessId, bundle.Ancestors[0].Pid);    // the test host started it
        Assert.Equal(1, bundle.Ancestors[^1].Pid);
        Assert.Empty(bundle.Missing);
    }

    [Fact]
    public async Task Suspend_UserWithoutCrontab_EmptyNotMissing()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var burner = h.StartBurner("-t", "1");

        await h.SuspendAsync(burner.Pid);

        var bundle = h.Drain().Single(m => m.BodyCase == AgentMessage.BodyOneofCase.Evidence).Evidence;
        Assert.Equal("", bundle.Crontab);
        Assert.DoesNotContain(bundle.Missing, m => m.StartsWith("crontab", StringComparison.Ordinal));
    }
}
