namespace HsGuard.Bench;

/// <summary>
/// The C programs of the benchmark, compiled with <c>gcc -O2 -Wall</c> into a temporary directory
/// that disposing removes: procfloor (the floor to compare with) and the idler.
/// </summary>
internal sealed class NativeTools : IDisposable
{
    private readonly DirectoryInfo _directory;

    private NativeTools(DirectoryInfo directory)
    {
        _directory = directory;
        Floor = Path.Combine(directory.FullName, "procfloor");
        Idler = Path.Combine(directory.FullName, "idler");
    }

    public string Floor { get; }

    public string Idler { get; }

    public static NativeTools Build(string floorSource, string idlerSource, TextWriter progress)
    {
        var tools = new NativeTools(Directory.CreateTempSubdirectory("hsguard-bench-"));
        try
        {
            Compile(floorSource, tools.Floor, progress);
            Compile(idlerSource, tools.Idler, progress);
            return tools;
        }
        catch
        {
            tools.Dispose();
            throw;
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);

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
