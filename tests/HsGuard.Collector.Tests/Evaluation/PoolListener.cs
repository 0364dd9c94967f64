using System.Net;
using System.Net.Sockets;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A stand-in mining pool: a listener on 127.0.0.1 (never any other address) on a port
/// pools use, 3333 when it is free, that accepts connections and keeps them open. It reads
/// nothing: the stand-in's login line fits in the socket's buffer.</summary>
internal sealed class PoolListener : IAsyncDisposable
{
    /// <summary>Ports of the shipped list mining_pool_ports, tried in this order.</summary>
    private static readonly int[] Ports = [3333, 3334, 4444, 5555, 7777, 14444];

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    private PoolListener(TcpListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port { get; }

    public static PoolListener Open()
    {
        foreach (int port in Ports)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return new PoolListener(listener);
            }
            catch (SocketException)
            {
                listener.Dispose();
            }
        }
        throw new InvalidOperationException($"none of the pool ports {string.Join(", ", Ports)} is free on 127.0.0.1");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            _clients.Add(await _listener.AcceptTcpClientAsync(cancel));
        }
    }
}
