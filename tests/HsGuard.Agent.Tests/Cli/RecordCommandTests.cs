using HsGuard.Agent.Tests.Sampling;
using HsGuard.Protocol.Traces;
using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Cli;

/// <summary><c>hsguard-agent record</c> and <c>run</c> as programs.</summary>
[Collection(LiveProcCollection.Name)]
public sealed class RecordCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Record_TwoSeconds_HelloThenBatchesAsTheyWouldBeSent()
    {
        using var burner = Burner.Start("-n", "hsg-record");
        string trace = _dir.Combine("host.jsonl");

        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent,
            ["record", "--seconds", "2", "--out", trace], new Dictionary<string, string> { ["HSGUARD_Agent__Sampler__Interval"] = "00:00:00.500" }, _cancel);

        Assert.True(exit == 0, error);
        var messages = TraceReader.Read(trace).ToList();
        Assert.Equal(AgentMessage.BodyOneofCase.Hello, messages[0].BodyCase);
        Assert.Equal(Environment.MachineName, messages[0].Hello.Host);
        var batches = messages.Skip(1).Select(m => m.Batch).ToList();
        Assert.InRange(batches.Count, 4, 6);
        Assert.Equal(Enumerable.Range(1, batches.Count).Select(i => (ulong)i), batches.Select(b => b.Seq));
        Assert.True(batches[0].Keyframe);
        Assert.Contains(batches[0].Started, p => p.Pid == burner.Pid && p.Comm == "hsg-record" && p.Exe == Burner.Program);
        Assert.Contains(batches.Skip(1), b => b.Updated.Any(p => p.Pid == burner.Pid && p.CpuPercent > 5));   // busy, even on a loaded machine
    }

    [Fact]
    public async Task Record_ZeroSeconds_UsageError()
    {
        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["record", "--seconds", "0", "--out", _dir.Combine("x")], cancel: _cancel);

        Assert.NotEqual(0, exit);
        Assert.Contains("--seconds must be at least 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CertificateMissing_ConfigurationErrorNamingIt()
    {
        string missing = _dir.Combine("nope.crt");

        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["run"],
            new Dictionary<string, string> { ["HSGUARD_Agent__Collector__CertificateFile"] = missing }, _cancel);

        Assert.Equal(78, exit);
        Assert.Contains("Agent:Collector:CertificateFile", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PlainTextToANonLoopbackAddress_Refused()
    {
        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["run"], new Dictionary<string, string>
        {
            ["HSGUARD_Agent__Collector__Address"] = "http://192.0.2.1:7443",
            ["HSGUARD_Agent__Collector__PlaintextOnLoopback"] = "true",
        }, _cancel);

        Assert.Equal(78, exit);
        Assert.Contains("loopback", error, StringComparison.Ordinal);
    }
}
