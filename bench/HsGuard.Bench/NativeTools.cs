namespace HsGuard.Bench;

/// <summary>
/// The C programs of the benchmark, compiled with <c>gcc -O2 -Wall</c> into a directory of their
/// own that disposing removes: procfloor (the floor to compare with), the idler, and hostload (the
/// busy part of a host, for recording an ingest trace). Each is named after its source file.
/// </summary>
internal sealed class NativeTools : IDisposable
{
    private const string Prefix = "hsguard-bench-";

    private readonly DirectoryInfo _directory;

    private NativeTools(DirectoryInfo directory)
    {
        _directory = directory;
    }

    public string Floor => PathOf("procfloor");

    public string Idler => PathOf("idler");

    public string HostLoad => PathOf("hostload");

    /// <summary>The directory the programs are in.</summary>
    public string Directory => _directory.FullName;

    /// <summary>Builds into a temporary directory (mode 0700: only this user may run them).</summary>
    public static NativeTools Build(TextWriter progress, params string[] sources) =>
        Build(System.IO.Directory.CreateTempSubdirectory(Prefix), progress, sources);

    /// <summary>Builds into a fresh <c>/usr/local/lib/hsguard-bench-PID</c> (root's, 0755), where a
    /// host's own programs live: a process that runs from a temporary directory is one the
    /// collector's detection marks, which no real host of a recorded trace shows. Needs root. The
    /// directories of runs that were killed before they could remove theirs (their pid gone) go first.</summary>
    public static NativeTools BuildInstalled(TextWriter progress, params string[] sources) =>
        Build(InstalledDirectory.Create(), progress, sources);

    private static NativeTools Build(DirectoryInfo directory, TextWriter progress, string[] sources)
    {
        var tools = new NativeTools(directory);
        try
        {
            foreach (string source in sources)
            {
                Compile(source, tools.PathOf(Path.GetFileNameWithoutExtension(source)), progress);
            }
            return tools;
        }
        catch
        {
            tools.Dispose();
            throw;
        }
    }

    /// <summary>A C source shipped beside this program (copied to its output directory).</summary>
    public static string Shipped(string fileName) => Path.Combine(AppContext.BaseDirectory, fileName);

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private static void Compile(string source, string output, TextWriter progress)
    {
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"C source '{source}' not found", source);
        }
        var result = ChildProcess.Run("gcc", ["-O2", "-Wall", "-o", output, source], captureErrors: true);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed on {source} (exit {result.ExitCode}):\n{result.Errors}");
        }
        if (result.Errors.Length > 0)
        {
            progress.Write(result.Errors);
        }
    }
}
