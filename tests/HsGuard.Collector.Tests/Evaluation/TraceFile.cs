namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A trace the agent is still writing: only whole lines count (the last may be half written).</summary>
internal static class TraceFile
{
    public static int CompleteLines(string path)
    {
        var bytes = ReadShared(path);
        return bytes.AsSpan().Count((byte)'\n');
    }

    /// <summary>Copies the whole lines of <paramref name="path"/> to <paramref name="copy"/>.</summary>
    public static void Snapshot(string path, string copy)
    {
        var bytes = ReadShared(path);
        File.WriteAllBytes(copy, bytes.AsSpan(0, WholeLinesLength(bytes)).ToArray());
    }

    /// <summary>Cuts a last line that the writer did not finish (it was stopped mid-line).</summary>
    public static void DropTornLine(string path)
    {
        var bytes = ReadShared(path);
        int length = WholeLinesLength(bytes);
        if (length < bytes.Length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(length);
        }
    }

    public static int WholeLinesLength(ReadOnlySpan<byte> bytes) => bytes.LastIndexOf((byte)'\n') + 1;

    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var memory = new MemoryStream();
        file.CopyTo(memory);
        return memory.ToArray();
    }
}
