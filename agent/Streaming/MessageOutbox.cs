using System.Threading.Channels;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Streaming;

/// <summary>
/// What goes up besides batches, and before them: command results and evidence bundles first
/// (small, and what the collector records on an incident), then evidence chunks (the copies of
/// executables, large). Kept across reconnects: what the enforcer produces while the collector is
/// away goes after the next hello. Bounded by <see cref="StreamOptions.ResponseBufferMaxBytes"/>:
/// past it the oldest chunks are dropped first (a result is worth more than a part of a copy),
/// then the oldest results, with a counted warning. A message leaves once the streamer has
/// written it (peek, write, remove), so one whose write failed with the call goes on the next.
/// Thread-safe: the enforcer adds, the streamer's one writer takes.
/// </summary>
public sealed class MessageOutbox
{
    private readonly LinkedList<Entry> _first = new();
    private readonly LinkedList<Entry> _chunks = new();
    private readonly long _maxBytes;
    private readonly ILogger<MessageOutbox> _log;
    // One pending signal is enough: the writer takes everything there is after waking up.
    private readonly Channel<bool> _added = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private long _bytes;
    private long _droppedTotal;

    public MessageOutbox(IOptions<StreamOptions> options, ILogger<MessageOutbox> log)
    {
        _maxBytes = options.Value.ResponseBufferMaxBytes;
        _log = log;
    }

    public int Count
    {
        get
        {
            lock (_first)
            {
                return _first.Count + _chunks.Count;
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(AgentMessage message)
    {
        int dropped = 0;
        long droppedTotal;
        lock (_first)
        {
            int size = message.CalculateSize();
            var queue = message.BodyCase == AgentMessage.BodyOneofCase.EvidenceChunk ? _chunks : _first;
            queue.AddLast(new Entry(message, size));
            _bytes += size;
            while (_bytes > _maxBytes && (_chunks.Count > 0 || _first.Count > 1))
            {
                var oldest = _chunks.Count > 0 ? _chunks : _first;
                _bytes -= oldest.First!.Value.Size;
                oldest.RemoveFirst();
                dropped++;
            }
            _droppedTotal += dropped;
            droppedTotal = _droppedTotal;
        }
        if (dropped > 0)
        {
            StreamLog.OutboxDropped(_log, dropped, droppedTotal, _maxBytes);
        }
        _added.Writer.TryWrite(true);
    }

    /// <summary>The next message to send, if any: results and bundles before chunks.</summary>
    public AgentMessage? Peek()
    {
        lock (_first)
        {
            return (_first.First ?? _chunks.First)?.Value.Message;
        }
    }

    /// <summary>Forgets a message that was sent (nothing when the bound dropped it meanwhile).</summary>
    public void Remove(AgentMessage message)
    {
        lock (_first)
        {
            foreach (var queue in (ReadOnlySpan<LinkedList<Entry>>)[_first, _chunks])
            {
                if (queue.First is { } node && ReferenceEquals(node.Value.Message, message))
                {
                    _bytes -= node.Value.Size;
                    queue.RemoveFirst();
                    return;
                }
            }
        }
    }

    /// <summary>Completes when a message was added since the last wait.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken) =>
        await _added.Reader.ReadAsync(cancellationToken);

    private sealed record Entry(AgentMessage Message, int Size);
}
