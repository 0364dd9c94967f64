using System.Buffers.Binary;
using System.Net;

namespace HsGuard.Agent.Proc;

/// <summary>An IPv4 or IPv6 address from /proc/net/tcp{,6}, kept as a number (the address's bytes
/// in network order, most significant first) so that a table is parsed without allocating; turned
/// into text only for what is sent.</summary>
public readonly struct TcpAddress : IEquatable<TcpAddress>
{
    private readonly UInt128 _value;

    public TcpAddress(UInt128 value, bool isV6)
    {
        _value = value;
        IsV6 = isV6;
    }

    public bool IsV6 { get; }

    /// <summary>0.0.0.0 or ::, the address of a socket not bound or not connected.</summary>
    public bool IsUnspecified => _value == 0;

    /// <summary>"127.0.0.1", "::1"; an IPv4-mapped IPv6 address (an IPv4 peer of an IPv6 socket,
    /// ::ffff:127.0.0.1) as the IPv4 address it stands for.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _value);
        var ip = new IPAddress(IsV6 ? bytes : bytes[12..]);
        return (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }

    public bool Equals(TcpAddress other) => _value == other._value && IsV6 == other.IsV6;

    public override bool Equals(object? obj) => obj is TcpAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_value, IsV6);

    public static bool operator ==(TcpAddress left, TcpAddress right) => left.Equals(right);

    public static bool operator !=(TcpAddress left, TcpAddress right) => !left.Equals(right);
}
