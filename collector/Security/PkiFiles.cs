using System.Security.Cryptography.X509Certificates;

namespace HsGuard.Collector.Security;

/// <summary>
/// How the certificate authority's files are written: whole or not at all (a temporary file in
/// the same directory, flushed to disk, then renamed over the target), private keys 0600 from
/// the first byte, directories 0700.
/// </summary>
internal static class PkiFiles
{
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PublicFile = PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Creates the directory 0700, or narrows an existing one to 0700.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path, PrivateDirectory);
        if (File.GetUnixFileMode(path) != PrivateDirectory)
        {
            File.SetUnixFileMode(path, PrivateDirectory);
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically. Without
    /// <paramref name="overwrite"/> an existing file is an <see cref="IOException"/> and stays untouched.</summary>
    public static void Write(string path, string text, UnixFileMode mode, bool overwrite = true)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = mode,
            }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Holds the directory's lock file (flock, taken through FileShare.None) until disposed,
    /// so that a <c>ca</c> command and a starting collector do not write the authority at once.</summary>
    public static FileStream Lock(string directory)
    {
        CreatePrivateDirectory(directory);
        long deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(directory, ".lock"), new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = PrivateFile,
                });
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    public static void WriteCertificate(string path, X509Certificate2 certificate) =>
        Write(path, certificate.ExportCertificatePem() + "\n", PublicFile);

    public static X509Certificate2 ReadCertificate(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));
}
