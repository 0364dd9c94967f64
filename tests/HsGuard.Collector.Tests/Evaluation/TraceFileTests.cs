using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Evaluation;

public sealed class TraceFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DropTornLine_LastLineHalfWritten_Cut()
    {
        string trace = _dir.Combine("t.jsonl");
        File.WriteAllText(trace, "{\"hello\":{}}\n{\"batch\":{}}\n{\"bat");

        TraceFile.DropTornLine(trace);

        Assert.Equal("{\"hello\":{}}\n{\"batch\":{}}\n", File.ReadAllText(trace));
        Assert.Equal(2, TraceFile.CompleteLines(trace));
    }

    [Fact]
    public void Snapshot_WhileWritten_WholeLinesOnly()
    {
        string trace = _dir.Combine("t.jsonl");
        using (var writer = new StreamWriter(trace))
        {
            writer.Write("{\"hello\":{}}\n{\"ba");
            writer.Flush();
            TraceFile.Snapshot(trace, _dir.Combine("copy.jsonl"));
        }

        Assert.Equal("{\"hello\":{}}\n", File.ReadAllText(_dir.Combine("copy.jsonl")));
    }

    [Fact]
    public void CompleteLines_NoFileYet_Zero() => Assert.Equal(0, TraceFile.CompleteLines(_dir.Combine("missing.jsonl")));
}
