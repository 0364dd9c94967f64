using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Evaluation;

public sealed class AgentRecordingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task StartAsync_TraceOfAnEarlierRunThere_ReadyOnlyWithTheNewRecording()
    {
        var cancel = TestContext.Current.CancellationToken;
        string trace = _dir.Combine("01-earlier.jsonl");
        await File.WriteAllTextAsync(trace, "{\"stale\":1}\n{\"stale\":2}\n{\"stale\":3}\n", cancel);

        using var recording = await AgentRecording.StartAsync(trace, TimeSpan.FromSeconds(5), cancel);
        await recording.StopAsync();

        string[] lines = await File.ReadAllLinesAsync(trace, cancel);
        Assert.StartsWith("{ \"hello\"", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("stale", StringComparison.Ordinal));
    }
}
