using HsGuard.Agent.Streaming;
using HsGuard.Protocol.V1;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Agent.Tests.Streaming;

public sealed class BatchBufferTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly BatchBuilder _builder = new();
    private readonly RecordingLogger _log = new();

    private BatchBuffer Create(long maxBytes = 64 * 1024, TimeSpan? maxAge = null) => new(
        Options.Create(new StreamOptions { BufferMaxBytes = maxBytes, BufferMaxAge = maxAge ?? TimeSpan.FromHours(1) }),
        _builder, _time, new LoggerAdapter(_log));

    private static Batch Batch(ulong seq, int padding = 0)
    {
        var batch = new Batch { Seq = seq };
        if (padding > 0)
        {
            batch.Started.Add(new ProcessSample { Pid = 1, Cmdline = new string('x', padding) });
        }
        return batch;
    }

    [Fact]
    public void Acknowledge_UpToSeq_ForgetsThoseOnly()
    {
        var buffer = Create();
        for (ulong seq = 1; seq <= 5; seq++)
        {
            buffer.Add(Batch(seq));
        }

        buffer.Acknowledge(3);

        Assert.Equal(2, buffer.Count);
        Assert.Equal(4ul, buffer.NextAfter(0)!.Seq);
        Assert.Equal(5ul, buffer.NextAfter(4)!.Seq);
        Assert.Null(buffer.NextAfter(5));
    }

    [Fact]
    public void Add_OverTheByteBound_DropsTheOldestCountsThemAndAsksForAKeyframe()
    {
        var buffer = Create(maxBytes: 64 * 1024);
        _builder.Build(new HsGuard.Agent.Sampling.SampleFrame()); // the first, keyframe, is taken
        for (ulong seq = 1; seq <= 10; seq++)
        {
            buffer.Add(Batch(seq, padding: 10_000));
        }

        Assert.True(buffer.Bytes <= 64 * 1024);
        var oldest = buffer.NextAfter(0)!;
        Assert.Equal(oldest.Seq - 1, oldest.DroppedBatches);       // it says how many went before it
        Assert.Equal((long)oldest.DroppedBatches, buffer.DroppedTotal);
        Assert.True(_builder.Build(new HsGuard.Agent.Sampling.SampleFrame()).Keyframe);
        var warning = Assert.Single(_log.AtLeast(LogLevel.Warning).DistinctBy(e => e.Id));
        Assert.Equal(3001, warning.Id.Id);
    }

    [Fact]
    public void Add_OlderThanTheAgeBound_Dropped()
    {
        var buffer = Create(maxAge: TimeSpan.FromMinutes(1));
        buffer.Add(Batch(1));
        buffer.Add(Batch(2));
        _time.Advance(TimeSpan.FromMinutes(2));

        buffer.Add(Batch(3));

        Assert.Equal(1, buffer.Count);
        Assert.Equal(2ul, buffer.NextAfter(0)!.DroppedBatches);
    }

    [Fact]
    public async Task WaitForBatchAsync_AfterAdd_Completes()
    {
        var buffer = Create();
        var wait = buffer.WaitForBatchAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(wait.IsCompleted);

        buffer.Add(Batch(1));

        await wait.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    /// <summary>RecordingLogger as the ILogger&lt;T&gt; the buffer asks for.</summary>
    private sealed class LoggerAdapter(RecordingLogger inner) : ILogger<BatchBuffer>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
