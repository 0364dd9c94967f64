namespace HsGuard.Collector.Ingest;

/// <summary>The live call of one host. Disposing it marks the host disconnected, unless a newer
/// session has taken over.</summary>
internal sealed class HostSession : IDisposable
{
    private readonly HostRegistry _registry;
    private readonly CancellationTokenSource _cancel;

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
    }
}
