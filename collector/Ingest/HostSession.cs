using Grpc.Core;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>The live call of one host. Disposing it marks the host disconnected, unless a newer
/// session has taken over.</summary>
internal sealed class HostSession : IDisposable
{
    private readonly HostRegistry _registry;
    private readonly CancellationTokenSource _cancel;
    // The call's response stream has one writer at a time: acknowledgements and commands share it.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private IServerStreamWriter<CollectorMessage>? _writer;

    public HostSession(HostRegistry registry, HostState state, CancellationToken callAborted, CancellationToken stopping)
    {
        _registry = registry;
        State = state;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(callAborted, stopping);
    }

    public HostState State { get; }

    /// <summary>Cancelled when the call ends or a newer session of the host replaces this one.</summary>
    public CancellationToken Token => _cancel.Token;

    public bool Superseded { get; private set; }

    /// <summary>The agent's hello of this call.</summary>
    public Hello? Hello { get; internal set; }

    internal void Attach(IServerStreamWriter<CollectorMessage> writer) => _writer = writer;

    /// <summary>Sends a message down the call (acknowledgements, commands), one writer at a time.</summary>
    public async Task SendAsync(CollectorMessage message, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("the session has no call to write to yet");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancel.Token);
        await _writing.WaitAsync(linked.Token);
        try
        {
            await writer.WriteAsync(message, linked.Token);
        }
        finally
        {
            _writing.Release();
        }
    }

    internal void Supersede()
    {
        Superseded = true;
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended on its own meanwhile.
        }
    }

    public void Dispose()
    {
        _registry.Close(this);
        if (!Superseded)
        {
            lock (State.Gate)
            {
                State.Connected = _registry.IsConnected(State.Host);
            }
        }
        _cancel.Dispose();
        _writing.Dispose();
    }
}
