using System.Globalization;
using HsGuard.Agent.Native;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Tells whether a process runs a suspension's executable: the same path, or another path to a
/// file of the same size whose SHA-256 is the same (a copy the watchdog dropped elsewhere). Only a
/// file of the right size is hashed, and each file (device, inode) once, so a tick stays cheap.
/// </summary>
internal sealed class ExecutableMatcher
{
    private const int MaxHashes = 1024;

    private readonly ProcessReader _reader;
    private readonly Dictionary<(ulong Device, ulong Inode, long Size), string?> _hashes = [];

    public ExecutableMatcher(ProcessReader reader)
    {
        _reader = reader;
    }

    /// <summary>Why <paramref name="pid"/> matches, or null when it does not.</summary>
    public string? Match(Suspension suspension, int pid)
    {
        if (suspension.Executables.Count == 0)
        {
            return null;
        }
        var exe = _reader.ReadExe(pid);
        if (exe.Path is null)
        {
            return null;
        }
        foreach (var suspect in suspension.Executables)
        {
            if (suspect.Path == exe.Path)
            {
                return $"runs {exe.Path}, as the suspended process does";
            }
        }
        string link = Path.Join(_reader.Proc.Root, pid.ToString(CultureInfo.InvariantCulture), "exe");
        if (Posix.FileSize(link, out long size) != 0)
        {
            return null;
        }
        foreach (var suspect in suspension.Executables)
        {
            if (suspect.Size == size && Hash(pid, exe, size) == suspect.Sha256)
            {
                return $"runs {exe.Path}, a copy of {suspect.Path} (same SHA-256)";
            }
        }
        return null;
    }

    private string? Hash(int pid, ExecutableLink exe, long size)
    {
        var key = (exe.Device, exe.Inode, size);
        if (!_hashes.TryGetValue(key, out string? sha))
        {
            using var files = _reader.Open(pid);
            sha = ExecutableReader.Read(files, maxCopy: 0, chunkBytes: 64 * 1024, out _)?.Sha256;
            if (_hashes.Count >= MaxHashes)
            {
                _hashes.Clear();
            }
            _hashes[key] = sha;
        }
        return sha;
    }
}
