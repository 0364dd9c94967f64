using Google.Protobuf;

namespace HsGuard.Agent.Enforcement;

/// <summary>An executable as read through /proc/PID/exe: its SHA-256 (lower-case hex) and size,
/// and the first bytes of it in chunks (as many as the cap allowed; none when only hashed).</summary>
internal sealed record ExecutableImage(string Sha256, long Size, IReadOnlyList<ByteString> Chunks)
{
    public long CopiedBytes => Chunks.Sum(c => (long)c.Length);
}
