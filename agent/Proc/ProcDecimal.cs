namespace HsGuard.Agent.Proc;

/// <summary>Decimal numbers as /proc prints them: ASCII digits, an optional '-', no spaces, no
/// grouping. Anything else (or an overflow) is a failed parse, never a wrong number.</summary>
public static class ProcDecimal
{
    public static bool TryParseULong(ReadOnlySpan<byte> s, out ulong value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 20)
        {
            return false;
        }
        foreach (byte c in s)
        {
            uint d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }
            if (value > (ulong.MaxValue - d) / 10)
            {
                return false;
            }
            value = value * 10 + d;
        }
        return true;
    }

    public static bool TryParseLong(ReadOnlySpan<byte> s, out long value)
    {
        bool negative = !s.IsEmpty && s[0] == (byte)'-';
        if (!TryParseULong(negative ? s[1..] : s, out ulong magnitude) || magnitude > long.MaxValue)
        {
            value = 0;
            return false;
        }
        value = negative ? -(long)magnitude : (long)magnitude;
        return true;
    }

    public static bool TryParseInt(ReadOnlySpan<byte> s, out int value)
    {
        if (TryParseLong(s, out long v) && v is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)v;
            return true;
        }
        value = 0;
        return false;
    }

    public static bool TryParseUInt(ReadOnlySpan<byte> s, out uint value)
    {
        if (TryParseULong(s, out ulong v) && v <= uint.MaxValue)
        {
            value = (uint)v;
            return true;
        }
        value = 0;
        return false;
    }
}
