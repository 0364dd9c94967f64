using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Hosting;

/// <summary>Where the collector keeps its state. Bound from "Collector".</summary>
public sealed class CollectorOptions
{
    public const string Section = "Collector";

    /// <summary>Certificates, database, recorded traces. Defaults to $STATE_DIRECTORY (systemd's
    /// StateDirectory=), else /var/lib/hsguard when run as root, else ~/.local/state/hsguard.</summary>
    [Required]
    public string StateDirectory { get; set; } = DefaultStateDirectory();

    internal static string DefaultStateDirectory()
    {
        string? systemd = Environment.GetEnvironmentVariable("STATE_DIRECTORY");
        if (!string.IsNullOrEmpty(systemd))
        {
            return systemd.Split(':')[0];
        }
        if (Environment.UserName == "root")
        {
            return "/var/lib/hsguard";
        }
        string? xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "state") : xdg, "hsguard");
    }
}
