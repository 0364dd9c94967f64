namespace HsGuard.Agent.Proc;

/// <summary>
/// Reads "Name:&lt;spaces or tabs&gt;value" lines, the form of /proc/PID/status (proc_pid_status(5)),
/// /proc/PID/io (proc_pid_io(5)) and /proc/PID/smaps_rollup. A key must start a line, so a hostile
/// process name such as "x\nUid: 0" inside the status file's "Name:" line cannot forge a later key:
/// the kernel escapes newlines there (as "\n"), and we take the first match only.
/// </summary>
public static class KeyValueParser
{
    /// <summary>Finds <paramref name="key"/> (with its colon, e.g. "Uid:") at the start of a line
    /// and parses the first decimal number after it.</summary>
    public static bool TryGetULong(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ulong value)
    {
        value = 0;
        if (!TryGetText(text, key, out var v))
        {
            return false;
        }
        int end = 0;
        while (end < v.Length && v[end] >= (byte)'0' && v[end] <= (byte)'9')
        {
            end++;
        }
        return ProcDecimal.TryParseULong(v[..end], out value);
    }

    /// <summary>Finds <paramref name="key"/> at the start of a line and gives the rest of that
    /// line without the spaces and tabs around it ("Cpus_allowed_list:\t0-3" gives "0-3").</summary>
    public static bool TryGetText(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        var rest = text;
        while (!rest.IsEmpty)
        {
            int eol = rest.IndexOf((byte)'\n');
            var line = eol < 0 ? rest : rest[..eol];
            if (line.StartsWith(key))
            {
                value = line[key.Length..].Trim(" \t"u8);
                return true;
            }
            rest = eol < 0 ? default : rest[(eol + 1)..];
        }
        value = default;
        return false;
    }
}
