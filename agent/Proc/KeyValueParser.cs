namespace HsGuard.Agent.Proc;

/// <summary>
/// Reads "Name:&lt;spaces or tabs&gt;number" lines, the form of /proc/PID/status (proc_pid_status(5))
/// and /proc/PID/io (proc_pid_io(5)). A key must start a line, so a hostile process name such as
/// "x\nUid: 0" inside the status file's "Name:" line cannot forge a later key: the kernel escapes
/// newlines there (as "\n"), and we take the first match only.
/// </summary>
public static class KeyValueParser
{
    /// <summary>Finds <paramref name="key"/> (with its colon, e.g. "Uid:") at the start of a line
    /// and parses the first decimal number after it.</summary>
    public static bool TryGetULong(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ulong value)
    {
        value = 0;
        var rest = text;
        while (!rest.IsEmpty)
        {
            int eol = rest.IndexOf((byte)'\n');
            var line = eol < 0 ? rest : rest[..eol];
            if (line.StartsWith(key))
            {
                var v = line[key.Length..];
                int start = 0;
                while (start < v.Length && (v[start] == (byte)' ' || v[start] == (byte)'\t'))
                {
                    start++;
                }
                int end = start;
                while (end < v.Length && v[end] >= (byte)'0' && v[end] <= (byte)'9')
                {
                    end++;
                }
                return ProcDecimal.TryParseULong(v[start..end], out value);
            }
            rest = eol < 0 ? default : rest[(eol + 1)..];
        }
        return false;
    }
}
