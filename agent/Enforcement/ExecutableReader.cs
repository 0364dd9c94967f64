using System.Buffers;
using System.Security.Cryptography;
using Google.Protobuf;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Reads a process's executable through /proc/PID/exe, which opens the file the process runs, the
/// same inode even after it was deleted or replaced on disk: hashes all of it and keeps a copy of
/// its first <c>maxCopy</c> bytes, in chunks of <c>chunkBytes</c>. The hash and the copy come from
/// one read, so the copy is the bytes that were hashed.
/// </summary>
internal static class ExecutableReader
{
    /// <summary>Null when the executable cannot be opened (a kernel thread, a process gone); the
    /// errno comes back in <paramref name="error"/>.</summary>
    public static ExecutableImage? Read(ProcessFiles files, long maxCopy, int chunkBytes, out int error)
    {
        using var file = files.OpenSequential("exe"u8);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunks = new List<ByteString>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(chunkBytes, 64 * 1024));
        try
        {
            long size = 0;
            while (true)
            {
                // A chunk is filled whole (but the last), so that every chunk but the last has
                // chunkBytes bytes, whatever the file system's read sizes.
                int want = size < maxCopy ? (int)Math.Min(chunkBytes, maxCopy - size) : buffer.Length;
                int n = ProcessReader.ReadToEnd(file, buffer.AsSpan(0, want));
                if (n < 0)
                {
                    error = -n;
                    return null;
                }
                if (n == 0)
                {
                    break;
                }
                sha.AppendData(buffer, 0, n);
                if (size < maxCopy)
                {
                    chunks.Add(ByteString.CopyFrom(buffer, 0, n));
                }
                size += n;
                if (n < want)
                {
                    break;
                }
            }
            error = 0;
            return new ExecutableImage(Convert.ToHexStringLower(sha.GetHashAndReset()), size, chunks);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
