using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Keeps the active suspensions in <see cref="EnforcementOptions.StateFile"/> (root only, 0600),
/// written whole after every change (to a temporary file, then renamed over the old one, so that a
/// crash leaves the old or the new state, never half of one), and read at start.
/// </summary>
internal sealed class SuspensionStore
{
    private readonly string _path;
    private readonly ILogger _log;

    public SuspensionStore(string path, ILogger log)
    {
        _path = path;
        _log = log;
    }

    public SuspensionState Load()
    {
        try
        {
            using var file = File.OpenRead(_path);
            return JsonSerializer.Deserialize(file, SuspensionStateJson.Default.SuspensionState) ?? new SuspensionState();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new SuspensionState();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            EnforcementLog.StateUnreadable(_log, _path, e.Message);
            return new SuspensionState();
        }
    }

    public void Save(SuspensionState state)
    {
        string temporary = _path + ".new";
        try
        {
            string? directory = Path.GetDirectoryName(_path);
            if (directory is not null && !Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            using (var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                JsonSerializer.Serialize(file, state, SuspensionStateJson.Default.SuspensionState);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The suspensions hold on; only an agent restart would forget the signal-held ones.
            EnforcementLog.StateNotSaved(_log, _path, e.Message);
        }
    }
}
