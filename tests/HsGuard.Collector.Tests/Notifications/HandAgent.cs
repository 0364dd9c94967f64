using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary>
/// An agent made by hand that speaks the protocol as the real one does where it matters here: it
/// keeps every batch until the collector acknowledges it and resends what was not acknowledged
/// after a reconnect (with the same instance id, so a restarted collector applies each once),
/// and it answers each suspend command with a result "done". Every batch is a keyframe listing
/// all the miners started so far (processes with a kernel thread's name, run from /tmp: a
/// suspend verdict each), so that whatever the collector lost, the next batch tells it all.
/// </summary>
internal sealed class HandAgent : IAsyncDisposable
{
    private readonly string _address;
    private readonly string _host;
    private readonly List<ProcessSample> _miners = [];
    private readonly SortedDictionary<ulong, (Batch Batch, int Miners)> _unacked = [];
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>? _call;
    private ulong _seq;
    // The highest batch written on the current call: batches go out in order, each once a call.
    private ulong _written;
    private int _ackedMiners;
    private Task? _running;

    public HandAgent(string address, string host)
    {
        _address = address;
        _host = host;
    }

    /// <summary>Miners whose batch the collector acknowledged (so it applied them).</summary>
    public int AckedMiners
    {
        get
        {
            lock (_lock)
            {
                return _ackedMiners;
            }
        }
    }

    public ConcurrentQueue<Command> Commands { get; } = new();

    /// <summary>Whether batches carry per-user totals (the miners' CPU summed by user), as the real
    /// agent's do; off by default.</summary>
    public bool SendUsers { get; set; }

    public int Connections { get; private set; }

    public void Start() => _running = RunAsync(_stop.Token);

    public static ProcessSample Miner(int pid, string user, uint uid) => new()
    {
        Pid = pid, StartTicks = 900_000 + (ulong)pid, Ppid = 1, Uid = uid, User = user, Comm = "kthreaddi",
        Exe = "/tmp/.x/kthreaddi", Cmdline = "kthreaddi", State = "R", Session = pid, Threads = 2, RssKb = 5000, CpuPercent = 190,
    };

    /// <summary>Starts a miner: a new batch that lists it with all the others.</summary>
    public async Task AddMinerAsync(ProcessSample miner)
    {
        AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>? call;
        lock (_lock)
        {
            _miners.Add(miner);
            Keyframe();
            call = _call;
        }
        if (call is null)
        {
            return;   // sent with the others after the reconnect
        }
        try
        {
            await FlushAsync(call, _stop.Token);
        }
        catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // The call broke: the batch waits for the reconnect.
        }
    }

    private Batch Keyframe()
    {
        var batch = Batches.Batch(++_seq, keyframe: true);
        batch.Started.Add(_miners.Select(m => m.Clone()));
        if (SendUsers)
        {
            batch.Users.Add(_miners.GroupBy(m => (m.Uid, m.User)).Select(g => new UserSample
            {
                Uid = g.Key.Uid, User = g.Key.User, CpuPercent = g.Sum(m => m.CpuPercent), Processes = (uint)g.Count(),
                Threads = (uint)g.Sum(m => m.Threads), RssKb = (ulong)g.Sum(m => (long)m.RssKb),
            }));
        }
        _unacked[batch.Seq] = (batch, _miners.Count);
        return batch;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var channel = GrpcChannel.ForAddress(_address);
                using var call = new AgentStream.AgentStreamClient(channel).Connect(cancellationToken: stop);
                await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello(_host, "hand-1") }, stop);
                if (!await call.ResponseStream.MoveNext(stop) || call.ResponseStream.Current.HelloAck is not { } ack)
                {
                    throw new IOException("no hello answer");
                }
                lock (_lock)
                {
                    Acknowledge(ack.StateKnown ? ack.LastSeq : 0);
                    if (!ack.StateKnown && _miners.Count > 0)
                    {
                        Keyframe();
                    }
                    _call = call;
                }
                Connections++;
                await _writing.WaitAsync(stop);
                _written = 0;
                _writing.Release();
                await FlushAsync(call, stop);
                while (await call.ResponseStream.MoveNext(stop))
                {
                    var message = call.ResponseStream.Current;
                    if (message.Ack is { } a)
                    {
                        lock (_lock)
                        {
                            Acknowledge(a.Seq);
                        }
                    }
                    else if (message.Command is { } command)
                    {
                        Commands.Enqueue(command);
                        await WriteAsync(call, new AgentMessage { CommandResult = Done(command) }, stop);
                    }
                }
            }
            catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or HttpRequestException or InvalidOperationException)
            {
            }
            lock (_lock)
            {
                _call = null;
            }
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Acknowledge(ulong seq)
    {
        foreach (var done in _unacked.Keys.Where(s => s <= seq).ToList())
        {
            _ackedMiners = Math.Max(_ackedMiners, _unacked[done].Miners);
            _unacked.Remove(done);
        }
    }

    /// <summary>Writes, in order, every unacknowledged batch not yet written on this call.</summary>
    private async Task FlushAsync(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call, CancellationToken cancel)
    {
        await _writing.WaitAsync(cancel);
        try
        {
            while (true)
            {
                Batch? next;
                lock (_lock)
                {
                    next = _unacked.Values.Select(u => u.Batch).FirstOrDefault(b => b.Seq > _written);
                }
                if (next is null)
                {
                    return;
                }
                await call.RequestStream.WriteAsync(new AgentMessage { Batch = next }, cancel);
                _written = next.Seq;
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteAsync(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call, AgentMessage message, CancellationToken cancel)
    {
        await _writing.WaitAsync(cancel);
        try
        {
            await call.RequestStream.WriteAsync(message, cancel);
        }
        finally
        {
            _writing.Release();
        }
    }

    private static CommandResult Done(Command command) => new()
    {
        CommandId = command.Id, IncidentId = command.IncidentId, Status = CommandStatus.Done, Method = "SIGSTOP",
        Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Processes = { new ProcessOutcome { Pid = command.Target.Pid, StartTicks = command.Target.StartTicks, Comm = "kthreaddi", Outcome = "stopped" } },
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }
        _stop.Dispose();
        _writing.Dispose();
    }
}
