namespace HsGuard.Agent.Proc;

/// <summary>
/// Parses one /proc/PID/stat line (proc_pid_stat(5)). The name in field 2 may hold spaces,
/// parentheses, newlines and any byte but NUL, so it ends at the <em>last</em> ')' in the line;
/// every field after it is separated by one space. A pure function over bytes: no allocation.
/// </summary>
public static class StatParser
{
    /// <summary>Fields after the name, counted from 3 (state). We need up to 41 (policy); a kernel
    /// that prints fewer (before 2.6.23) gives zeros for the missing tail.</summary>
    private const int LastRequiredField = 24;

    public static bool TryParse(ReadOnlySpan<byte> line, out StatFields fields)
    {
        fields = default;
        int open = line.IndexOf((byte)'(');
        int close = line.LastIndexOf((byte)')');
        if (open <= 0 || close < open || close + 2 >= line.Length || line[close + 1] != (byte)' ')
        {
            return false;
        }
        if (!ProcDecimal.TryParseInt(line[..(open - 1)], out fields.Pid) || line[open - 1] != (byte)' ' || fields.Pid <= 0)
        {
            return false;
        }
        fields.CommStart = open + 1;
        fields.CommLength = close - open - 1;

        var rest = line[(close + 2)..];
        int field = 3;
        while (!rest.IsEmpty && field <= 41)
        {
            int space = rest.IndexOf((byte)' ');
            var token = space < 0 ? rest : rest[..space];
            // A trailing newline belongs to the last field of the line.
            if (space < 0 && !token.IsEmpty && token[^1] == (byte)'\n')
            {
                token = token[..^1];
            }
            if (!Assign(ref fields, field, token))
            {
                return false;
            }
            rest = space < 0 ? default : rest[(space + 1)..];
            field++;
        }
        return field > LastRequiredField;
    }

    private static bool Assign(ref StatFields f, int field, ReadOnlySpan<byte> token)
    {
        switch (field)
        {
            case 3:
                if (token.Length != 1)
                {
                    return false;
                }
                f.State = token[0];
                return true;
            case 4: return ProcDecimal.TryParseInt(token, out f.ParentPid);
            case 5: return ProcDecimal.TryParseInt(token, out f.ProcessGroup);
            case 6: return ProcDecimal.TryParseInt(token, out f.Session);
            case 7: return ProcDecimal.TryParseInt(token, out f.TtyNr);
            case 9: return ProcDecimal.TryParseUInt(token, out f.Flags);
            case 10: return ProcDecimal.TryParseULong(token, out f.MinorFaults);
            case 12: return ProcDecimal.TryParseULong(token, out f.MajorFaults);
            case 14: return ProcDecimal.TryParseULong(token, out f.UserTicks);
            case 15: return ProcDecimal.TryParseULong(token, out f.SystemTicks);
            case 18: return ProcDecimal.TryParseLong(token, out f.Priority);
            case 19: return ProcDecimal.TryParseLong(token, out f.Nice);
            case 20: return ProcDecimal.TryParseInt(token, out f.Threads);
            case 22: return ProcDecimal.TryParseULong(token, out f.StartTicks);
            case 23: return ProcDecimal.TryParseULong(token, out f.VirtualBytes);
            case 24: return ProcDecimal.TryParseLong(token, out f.ResidentPages);
            case 39: return ProcDecimal.TryParseInt(token, out f.Processor);
            case 41: return ProcDecimal.TryParseUInt(token, out f.Policy);
            default: return !token.IsEmpty;
        }
    }
}
