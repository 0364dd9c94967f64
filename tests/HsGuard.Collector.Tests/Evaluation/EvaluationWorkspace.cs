namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// Where the run keeps its files: a world-writable folder under /tmp (where a dropper may write,
/// and where each user gets a folder to work in), the generated inputs in it (readable by every
/// user), and homes for the users under /home (a miner dropped there has no telling path). All
/// removed at the end.
/// </summary>
internal sealed class EvaluationWorkspace : IDisposable
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Writable = Readable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private EvaluationWorkspace(string temp, string homes)
    {
        Temp = temp;
        Homes = homes;
        Data = Path.Combine(temp, "data");
        Directory.CreateDirectory(Data, Readable);
    }

    /// <summary>/tmp/hsgeval-XXXX, mode 0777.</summary>
    public string Temp { get; }

    /// <summary>The generated inputs of the honest scenarios.</summary>
    public string Data { get; }

    /// <summary>/home/hsgeval-XXXX: the users' homes.</summary>
    public string Homes { get; }

    public static EvaluationWorkspace Create()
    {
        string temp = Directory.CreateTempSubdirectory("hsgeval-").FullName;
        File.SetUnixFileMode(temp, Writable);
        string homes = Path.Combine("/home", Path.GetFileName(temp));
        Directory.CreateDirectory(homes, Readable);
        return new EvaluationWorkspace(temp, homes);
    }

    /// <summary>The user's home, made and given to the user on first use.</summary>
    public Task<string> HomeOfAsync(EvaluationUser user, CancellationToken cancel) => OwnedAsync(Path.Combine(Homes, user.Name), user, cancel);

    /// <summary>A folder of the user's own under <see cref="Temp"/>, for a job's output.</summary>
    public Task<string> WorkOfAsync(EvaluationUser user, CancellationToken cancel) => OwnedAsync(Path.Combine(Temp, user.Name), user, cancel);

    public void Dispose()
    {
        foreach (string dir in new[] { Temp, Homes })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private static async Task<string> OwnedAsync(string dir, EvaluationUser user, CancellationToken cancel)
    {
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, Readable);
            await SystemCommand.RunAsync("chown", [$"{user.Name}:", dir], cancel);
        }
        return dir;
    }
}
