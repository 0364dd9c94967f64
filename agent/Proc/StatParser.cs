namespace HsGuard.Agent.Proc;

/// <summary>
/// Parses one /proc/PID/stat line (proc_pid_stat(5)). The name in field 2 may hold spaces,
/// parentheses, newlines and any byte but NUL, so it ends at the <em>last</em> ')' in the line;
/// every field after it is separated by one space. Only fields 3 to 24 (state to rss) are read:
/// the tail (addresses, signal masks, ...) is half the line and of no use to us. One pass over
/// the bytes, no allocation: this runs for every process every second.
/// </summary>
public static class StatParser
{
    private const int LastField = 24;

    public static bool TryParse(ReadOnlySpan<byte> line, out StatFields fields)
    {
        fields = default;
        int open = line.IndexOf((byte)'(');
        int close = line.LastIndexOf((byte)')');
        if (open < 2 || close < open || close + 4 >= line.Length || line[open - 1] != (byte)' '
            || line[close + 1] != (byte)' ' || line[close + 3] != (byte)' ')
        {
            return false;
        }
        if (!ProcDecimal.TryParseInt(line[..(open - 1)], out fields.Pid) || fields.Pid <= 0)
        {
            return false;
        }
        fields.CommStart = open + 1;
        fields.CommLength = close - open - 1;
        fields.State = line[close + 2];

        int i = close + 4;
        for (int field = 4; field <= LastField; field++)
        {
            bool negative = i < line.Length && line[i] == (byte)'-';
            if (negative)
            {
                i++;
            }
            int start = i;
            ulong value = 0;
            while (i < line.Length)
            {
                uint d = (uint)(line[i] - '0');
                if (d > 9)
                {
                    break;
                }
                if (value > (ulong.MaxValue - d) / 10)
                {
                    return false;
                }
                value = value * 10 + d;
                i++;
            }
            // A number, then a space (or, after the last field of a short line, the end).
            if (i == start || (i < line.Length && line[i] != (byte)' ' && line[i] != (byte)'\n')
                || (i == line.Length && field < LastField))
            {
                return false;
            }
            if (!Assign(ref fields, field, negative, value))
            {
                return false;
            }
            i++;
        }
        return true;
    }

    private static bool Assign(ref StatFields f, int field, bool negative, ulong value)
    {
        switch (field)
        {
            case 4: return ToInt(negative, value, out f.ParentPid);
            case 5: return ToInt(negative, value, out f.ProcessGroup);
            case 6: return ToInt(negative, value, out f.Session);
            case 7: return ToInt(negative, value, out f.TtyNr);
            case 9: f.Flags = (uint)value; return !negative && value <= uint.MaxValue;
            case 10: f.MinorFaults = value; return !negative;
            case 12: f.MajorFaults = value; return !negative;
            case 14: f.UserTicks = value; return !negative;
            case 15: f.SystemTicks = value; return !negative;
            case 18: return ToLong(negative, value, out f.Priority);
            case 19: return ToLong(negative, value, out f.Nice);
            case 20: return ToInt(negative, value, out f.Threads);
            case 22: f.StartTicks = value; return !negative;
            case 23: f.VirtualBytes = value; return !negative;
            case 24: return ToLong(negative, value, out f.ResidentPages);
            default: return true;
        }
    }

    private static bool ToLong(bool negative, ulong value, out long result)
    {
        result = negative ? -(long)value : (long)value;
        return value <= long.MaxValue;
    }

    private static bool ToInt(bool negative, ulong value, out int result)
    {
        result = negative ? -(int)value : (int)value;
        return value <= int.MaxValue;
    }
}
