namespace HsGuard.Agent.Enforcement;

/// <summary>Where /proc/PID/exe leads: the path (null when unknown), whether the file was deleted
/// after the process started, and the file's device and inode (0 when they could not be read).</summary>
internal readonly record struct ExecutableLink(string? Path, bool Deleted, ulong Device, ulong Inode);
