namespace HsGuard.Collector.Security;

/// <summary>revoked.txt as the running collector sees it: read again whenever its modification
/// time or length changed, which costs one stat a handshake. <c>ca revoke</c> replaces the file
/// whole, so a new list is never half read.</summary>
internal sealed class RevocationListFile
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private (DateTime Modified, long Length) _stamp;
    private RevocationList _list = RevocationList.Empty;
    private readonly TimeProvider _time;
    private long _checkedAt = long.MinValue / 2;

    public RevocationListFile(string path, TimeProvider time)
    {
        _time = time;
        _path = path;
    }

    /// <exception cref="InvalidDataException">A line is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public RevocationList Current()
    {
        // Looked at no more than once a second: a stat per batch of a thousand hosts is noise, but
        // noise that shows in a profile.
        long now = _time.GetTimestamp();
        if (now - Volatile.Read(ref _checkedAt) < _time.TimestampFrequency)
        {
            return Volatile.Read(ref _list);
        }
        Volatile.Write(ref _checkedAt, now);
        var info = new FileInfo(_path);
        var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
        lock (_lock)
        {
            if (stamp != _stamp)
            {
                _list = info.Exists ? RevocationList.Read(_path) : RevocationList.Empty;
                _stamp = stamp;
            }
            return _list;
        }
    }
}
