using System.Buffers.Binary;

namespace HsGuard.Agent.Proc;

/// <summary>
/// Parses /proc/net/tcp and /proc/net/tcp6 (proc_net_tcp(5); net/ipv4/tcp_ipv4.c get_tcp4_sock):
/// a header, then one socket a line, fields separated by spaces:
/// <code>
///    sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
///     0: 0100007F:0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 938560 ...
/// </code>
/// An address is hexadecimal 32-bit words (one for IPv4, four for IPv6), each printed as the
/// number its bytes make in host byte order; a port is the port number in hexadecimal. The state
/// is tcp_states.h's number in hexadecimal. A line that does not have this form is skipped.
/// </summary>
public static class TcpTableParser
{
    /// <summary>Adds the sockets of the complete lines of <paramref name="text"/> (up to its last
    /// newline) to <paramref name="sockets"/> and returns the bytes those lines took, so that a
    /// reader can carry a cut line over to its next chunk.</summary>
    public static int ParseLines(ReadOnlySpan<byte> text, List<TcpSocket> sockets)
    {
        int consumed = 0;
        int eol;
        while ((eol = text[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            if (TryParseLine(text.Slice(consumed, eol), out var socket))
            {
                sockets.Add(socket);
            }
            consumed += eol + 1;
        }
        return consumed;
    }

    public static bool TryParseLine(ReadOnlySpan<byte> line, out TcpSocket socket)
    {
        socket = default;
        var rest = line;
        if (!NextToken(ref rest, out var sl) || sl.Length < 2 || sl[^1] != (byte)':'
            || !ProcDecimal.TryParseULong(sl[..^1], out _))
        {
            return false;   // the header ("sl"), or not a socket line
        }
        if (!NextToken(ref rest, out var local) || !TryParseEndpoint(local, out socket.LocalAddress, out socket.LocalPort)
            || !NextToken(ref rest, out var remote) || !TryParseEndpoint(remote, out socket.RemoteAddress, out socket.RemotePort)
            || socket.LocalAddress.IsV6 != socket.RemoteAddress.IsV6)
        {
            return false;
        }
        if (!NextToken(ref rest, out var st) || st.Length != 2 || !TryParseHex(st, out uint state) || state == 0)
        {
            return false;
        }
        socket.State = (byte)state;
        // tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout
        for (int skip = 0; skip < 5; skip++)
        {
            if (!NextToken(ref rest, out _))
            {
                return false;
            }
        }
        return NextToken(ref rest, out var inode) && ProcDecimal.TryParseULong(inode, out socket.Inode);
    }

    /// <summary>"0100007F:0D05" (127.0.0.1:3333) or 32 hex digits, a colon and a port.</summary>
    private static bool TryParseEndpoint(ReadOnlySpan<byte> text, out TcpAddress address, out ushort port)
    {
        address = default;
        port = 0;
        int colon = text.IndexOf((byte)':');
        if (colon is not (8 or 32) || text.Length - colon - 1 != 4 || !TryParseHex(text[(colon + 1)..], out uint p))
        {
            return false;
        }
        UInt128 value = 0;
        for (int word = 0; word < colon; word += 8)
        {
            if (!TryParseHex(text.Slice(word, 8), out uint w))
            {
                return false;
            }
            // The word's bytes in memory are the address's bytes in network order.
            uint networkOrder = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(w) : w;
            value = (value << 32) | networkOrder;
        }
        address = new TcpAddress(value, isV6: colon == 32);
        port = (ushort)p;
        return true;
    }

    /// <summary>At most 8 hexadecimal digits, either case.</summary>
    private static bool TryParseHex(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 8)
        {
            return false;
        }
        foreach (byte c in text)
        {
            int d = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }
            value = (value << 4) | (uint)d;
        }
        return true;
    }

    private static bool NextToken(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> token)
    {
        int start = 0;
        while (start < rest.Length && rest[start] == (byte)' ')
        {
            start++;
        }
        int end = rest[start..].IndexOf((byte)' ');
        end = end < 0 ? rest.Length : start + end;
        token = rest[start..end];
        rest = rest[end..];
        return !token.IsEmpty;
    }
}
