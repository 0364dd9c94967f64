namespace HsGuard.Agent.Proc;

/// <summary>/proc/PID/io (proc_pid_io(5)): characters through read/write calls, and bytes that
/// reached (or were fetched from) the storage layer.</summary>
public struct IoFields
{
    public ulong ReadChars;   // rchar
    public ulong WriteChars;  // wchar
    public ulong ReadBytes;   // read_bytes
    public ulong WriteBytes;  // write_bytes

    public static bool TryParse(ReadOnlySpan<byte> text, out IoFields fields)
    {
        fields = default;
        bool ok = KeyValueParser.TryGetULong(text, "rchar:"u8, out fields.ReadChars);
        ok &= KeyValueParser.TryGetULong(text, "wchar:"u8, out fields.WriteChars);
        ok &= KeyValueParser.TryGetULong(text, "read_bytes:"u8, out fields.ReadBytes);
        ok &= KeyValueParser.TryGetULong(text, "write_bytes:"u8, out fields.WriteBytes);
        return ok;
    }
}
