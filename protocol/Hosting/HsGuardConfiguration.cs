using Microsoft.Extensions.Configuration;

namespace HsGuard.Protocol.Hosting;

/// <summary>
/// Where agent and collector read their configuration, in rising precedence: embedded defaults,
/// then a JSON file (the one named on the command line, else /etc/hsguard/NAME.json when it
/// exists), then HSGUARD_* environment variables (HSGUARD_Agent__Sampler__Interval=00:00:02).
/// </summary>
public static class HsGuardConfiguration
{
    public const string EnvironmentPrefix = "HSGUARD_";

    public static void AddSources(IConfigurationBuilder configuration, string defaultFile, FileInfo? explicitFile,
        IEnumerable<KeyValuePair<string, string?>> defaults)
    {
        // A later default for the same key wins (a command may sharpen the embedded defaults).
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in defaults)
        {
            merged[key] = value;
        }
        configuration.AddInMemoryCollection(merged);
        if (explicitFile is not null)
        {
            if (!explicitFile.Exists)
            {
                throw new FileNotFoundException($"configuration file '{explicitFile.FullName}' does not exist");
            }
            configuration.AddJsonFile(explicitFile.FullName, optional: false, reloadOnChange: false);
        }
        else
        {
            configuration.AddJsonFile(defaultFile, optional: true, reloadOnChange: false);
        }
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
    }
}
