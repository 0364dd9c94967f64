using Google.Protobuf;
using HsGuard.Agent.Streaming;
using HsGuard.Agent.Tests.Enforcement;
using HsGuard.Protocol.V1;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Tests.Streaming;

public sealed class MessageOutboxTests
{
    private readonly RecordingLogger _log = new();

    private MessageOutbox Create(long maxBytes = 64 * 1024 * 1024) =>
        new(Options.Create(new StreamOptions { ResponseBufferMaxBytes = maxBytes }), new TypedLogger<MessageOutbox>(_log));

    private static AgentMessage Result(string id) => new() { CommandResult = new CommandResult { CommandId = id } };

    private static AgentMessage Chunk(string id, int bytes) =>
        new() { EvidenceChunk = new EvidenceChunk { CommandId = id, Data = ByteString.CopyFrom(new byte[bytes]) } };

    private static List<AgentMessage> Drain(MessageOutbox outbox)
    {
        var taken = new List<AgentMessage>();
        while (outbox.Peek() is { } m)
        {
            taken.Add(m);
            outbox.Remove(m);
        }
        return taken;
    }

    [Fact]
    public void Peek_ResultsAndBundlesBeforeChunks_EachInOrder()
    {
        var outbox = Create();
        outbox.Add(Result("a"));
        outbox.Add(new AgentMessage { Evidence = new EvidenceBundle { CommandId = "a" } });
        outbox.Add(Chunk("a", 10));
        outbox.Add(Chunk("a", 11));
        outbox.Add(Result("b"));

        var order = Drain(outbox).Select(m => (m.BodyCase, m.CommandResult?.CommandId, m.EvidenceChunk?.Data.Length));

        Assert.Equal(
        [
            (AgentMessage.BodyOneofCase.CommandResult, "a", null),
            (AgentMessage.BodyOneofCase.Evidence, null, null),
            (AgentMessage.BodyOneofCase.CommandResult, "b", null),
            (AgentMessage.BodyOneofCase.EvidenceChunk, null, 10),
            (AgentMessage.BodyOneofCase.EvidenceChunk, null, 11),
        ], order);
        Assert.Equal(0, outbox.Bytes);
    }

    [Fact]
    public void Add_OverTheBound_OldestChunksDroppedFirstWithAWarning()
    {
        var outbox = Create(maxBytes: 4 * 1024 * 1024);
        outbox.Add(Result("a"));
        for (int i = 0; i < 6; i++)
        {
            outbox.Add(Chunk("a", 1_000_000));
        }

        var kept = Drain(outbox);

        Assert.Equal("a", kept[0].CommandResult.CommandId);
        Assert.Equal(4, kept.Count(m => m.BodyCase == AgentMessage.BodyOneofCase.EvidenceChunk));
        Assert.Equal(3005, Assert.Single(_log.AtLeast(LogLevel.Warning).DistinctBy(e => e.Id)).Id.Id);
    }

    [Fact]
    public void Remove_MessageDroppedMeanwhile_LeavesTheOthers()
    {
        var outbox = Create();
        outbox.Add(Result("a"));
        var peeked = outbox.Peek()!;
        outbox.Remove(peeked);

        outbox.Add(Result("b"));
        outbox.Remove(peeked);

        Assert.Equal("b", outbox.Peek()!.CommandResult.CommandId);
    }

    [Fact]
    public async Task WaitAsync_AfterAdd_Completes()
    {
        var outbox = Create();
        var wait = outbox.WaitAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(wait.IsCompleted);

        outbox.Add(Result("a"));

        await wait.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
