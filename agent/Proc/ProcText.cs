using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace HsGuard.Agent.Proc;

/// <summary>
/// Turns bytes from /proc into strings. Names, paths and command lines are bytes, not text: a
/// process may carry any byte but NUL. Valid UTF-8 is decoded as is; every byte of an invalid
/// sequence becomes the four characters \xNN, so that the evidence keeps what was there instead
/// of a replacement character.
/// </summary>
public static class ProcText
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }
        var sb = new StringBuilder(bytes.Length + 16);
        char[] chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var rest = bytes;
            while (!rest.IsEmpty)
            {
                var status = Utf8.ToUtf16(rest, chars, out int read, out int written, replaceInvalidSequences: false);
                sb.Append(chars, 0, written);
                rest = rest[read..];
                if (status == OperationStatus.InvalidData || status == OperationStatus.NeedMoreData)
                {
                    sb.Append("\\x").Append(rest[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    rest = rest[1..];
                }
            }
            return sb.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>/proc/PID/cmdline: arguments separated (and ended) by NUL. Joined with single
    /// spaces, cut at <paramref name="maxBytes"/>. A process that rewrote its argv area may leave
    /// no NUL at all; that reads as one argument.</summary>
    public static string DecodeCommandLine(ReadOnlySpan<byte> raw, int maxBytes)
    {
        if (raw.Length > maxBytes)
        {
            raw = raw[..maxBytes];
        }
        while (!raw.IsEmpty && raw[^1] == 0)
        {
            raw = raw[..^1];
        }
        if (raw.IsEmpty)
        {
            return string.Empty;
        }
        byte[] copy = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var span = copy.AsSpan(0, raw.Length);
            raw.CopyTo(span);
            span.Replace((byte)0, (byte)' ');
            return Decode(span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
