using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Detection.Rules;

/// <summary>Where the detection rules come from and how changes are picked up. Bound from
/// "Collector:Detection:Rules".</summary>
public sealed class RulesOptions : IValidatableObject
{
    public const string Section = "Collector:Detection:Rules";

    /// <summary>The hoster's own rules and overrides, loaded after the shipped ones when the
    /// directory exists.</summary>
    public const string LocalDirectory = "/etc/hsguard/rules.d";

    /// <summary>Rules files and directories (their *.yaml and *.yml files, by name), loaded in this
    /// order, later ones overriding earlier ones. Empty (the default) means the rules shipped with
    /// the collector (rules/ beside its executable), then <see cref="LocalDirectory"/> if it exists.
    /// (Binding appends to a list that starts filled, hence the default is applied when empty.)</summary>
    public string[] Paths { get; set; } = [];

    /// <summary>How long the files must have been quiet before a change is loaded: an editor's
    /// save, or a package upgrade, is several events. Defaults to 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The rules shipped with the collector: rules/ beside its executable.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary><see cref="Paths"/>, or the defaults when it is empty.</summary>
    public IReadOnlyList<string> EffectivePaths() =>
        Paths.Length > 0 ? Paths
        : Directory.Exists(LocalDirectory) ? [ShippedDirectory, LocalDirectory]
        : [ShippedDirectory];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string path in Paths)
        {
            if (!Path.IsPathFullyQualified(path))
            {
                yield return new ValidationResult($"{Section}:Paths: '{path}' is not an absolute path", [nameof(Paths)]);
            }
        }
    }
}
