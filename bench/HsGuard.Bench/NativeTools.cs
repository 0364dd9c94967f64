namespace HsGuard.Bench;

/// <summary>
/// The C programs of the benchmark, compiled with <c>gcc -O2 -Wall</c> into a temporary directory
/// that disposing removes: procfloor (the floor to compare with), the idler, and hostload (the
/// busy part of a host, for recording an ingest trace). Each is named after its source file.
/// </summary>
internal sealed class NativeTools : IDisposable
{
    private readonly DirectoryInfo _directory;

    private NativeTools(DirectoryInfo directory)
    {
        _directory = directory;
    }

    public string Floor => PathOf("procfloor");

    public string Idler => PathOf("idler");

    public string HostLoad => PathOf("hostload");

    /// <summary>The directory the programs are in (mode 0700: only this user may run them).</summary>
    public string Directory => _directory.FullName;

    public static NativeTools Build(TextWriter progress, params string[] sources)
    {
        var tools = new NativeTools(System.IO.Directory.CreateTempSubdirectory("hsguard-bench-"));
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
