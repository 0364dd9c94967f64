namespace HsGuard.Agent.Proc;

/// <summary>One line of /proc/net/tcp or tcp6: a TCP socket of a network namespace.</summary>
public struct TcpSocket
{
    public TcpAddress LocalAddress;
    public ushort LocalPort;
    public TcpAddress RemoteAddress;
    public ushort RemotePort;
    public byte State;      // include/net/tcp_states.h: 1 ESTABLISHED ... 10 LISTEN ...
    public ulong Inode;     // of the socket, as in the "socket:[N]" fd link; 0 for TIME_WAIT

    /// <summary>Connected or connecting: a listening or unconnected socket has 0 for a peer.</summary>
    public readonly bool HasRemote => RemotePort != 0 || !RemoteAddress.IsUnspecified;

    public readonly string StateName => NameOf(State);

    /// <summary>The kernel's name of a TCP state (tcp_states.h), or the number for another.</summary>
    public static string NameOf(byte state) => state switch
    {
        1 => "ESTABLISHED",
        2 => "SYN_SENT",
        3 => "SYN_RECV",
        4 => "FIN_WAIT1",
        5 => "FIN_WAIT2",
        6 => "TIME_WAIT",
        7 => "CLOSE",
        8 => "CLOSE_WAIT",
        9 => "LAST_ACK",
        10 => "LISTEN",
        11 => "CLOSING",
        12 => "NEW_SYN_RECV",
        13 => "BOUND_INACTIVE",
        _ => state.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
