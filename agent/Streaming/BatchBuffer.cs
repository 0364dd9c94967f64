using System.Threading.Channels;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Streaming;

/// <summary>
/// Batches that the collector has not acknowledged yet, oldest first, bounded by size and age.
/// Past a bound the oldest are dropped with a counted warning; the batch that then comes first
/// carries how many went missing before it, and the builder is asked for a keyframe so that the
/// collector's view heals. Sampling adds, the streamer reads and acknowledges: thread-safe.
/// </summary>
public sealed class BatchBuffer
{
    private readonly LinkedList<Entry> _entries = new();
    private readonly StreamOptions _options;
    private readonly BatchBuilder _builder;
    private readonly TimeProvider _time;
    private readonly ILogger<BatchBuffer> _log;
    // One pending signal is enough: the reader drains everything after waking up.
    private readonly Channel<bool> _added = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private long _bytes;

    public BatchBuffer(IOptions<StreamOptions> options, BatchBuilder builder, TimeProvider time, ILogger<BatchBuffer> log)
    {
        _options = options.Value;
        _builder = builder;
        _time = time;
        _log = log;
    }

    /// <summary>Batches dropped since the agent started.</summary>
    public long DroppedTotal { get; private set; }

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(Batch batch)
    {
        int dropped = 0;
        long droppedTotal;
        lock (_entries)
        {
            int size = batch.CalculateSize();
            _entries.AddLast(new Entry(batch, size, _time.GetTimestamp()));
            _bytes += size;
            while (_entries.Count > 1 && (_bytes > _options.BufferMaxBytes
                || _time.GetElapsedTime(_entries.First!.Value.Created) > _options.BufferMaxAge))
            {
                var oldest = _entries.First!.Value;
                _entries.RemoveFirst();
                _bytes -= oldest.Size;
                dropped++;
                // The next one in line says how many are missing before it.
                _entries.First!.Value.Batch.DroppedBatches += oldest.Batch.DroppedBatches + 1;
            }
            DroppedTotal += dropped;
            droppedTotal = DroppedTotal;
        }
        if (dropped > 0)
        {
            _builder.RequestKeyframe();
            StreamLog.BufferDropped(_log, dropped, droppedTotal, _options.BufferMaxBytes, _options.BufferMaxAge);
        }
        _added.Writer.TryWrite(true);
    }

    /// <summary>The collector has applied everything up to <paramref name="seq"/>.</summary>
    public void Acknowledge(ulong seq)
    {
        lock (_entries)
        {
            while (_entries.First is { } first && first.Value.Batch.Seq <= seq)
            {
                _bytes -= first.Value.Size;
                _entries.RemoveFirst();
            }
        }
    }

    /// <summary>The oldest batch after <paramref name="seq"/>, if any.</summary>
    public Batch? NextAfter(ulong seq)
    {
        lock (_entries)
        {
            foreach (var entry in _entries)
            {
                if (entry.Batch.Seq > seq)
                {
                    return entry.Batch;
                }
            }
            return null;
        }
    }

    /// <summary>Completes when a batch was added since the last wait.</summary>
    public async ValueTask WaitForBatchAsync(CancellationToken cancellationToken) =>
        await _added.Reader.ReadAsync(cancellationToken);

    private sealed record Entry(Batch Batch, int Size, long Created);
}
