using HsGuard.Agent.Proc;
using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Streaming;

/// <summary>A TCP socket of /proc/net/tcp{,6} as the wire contract's <see cref="Connection"/>.</summary>
internal static class ConnectionMessages
{
    public static Connection ToMessage(this in TcpSocket socket) => new()
    {
        LocalAddress = socket.LocalAddress.ToString(),
        LocalPort = socket.LocalPort,
        RemoteAddress = socket.RemoteAddress.ToString(),
        RemotePort = socket.RemotePort,
        State = socket.StateName,
    };
}
