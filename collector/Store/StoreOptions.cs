using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Store;

/// <summary>Where incidents, actions, evidence records and the notification outbox are kept.
/// Bound from "Collector:Store".</summary>
public sealed class StoreOptions : IValidatableObject
{
    public const string Section = "Collector:Store";

    /// <summary>Sqlite or PostgreSql. Defaults to Sqlite.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>For Sqlite, the database file (defaults to hsguard.db in the state directory); for
    /// PostgreSql, an Npgsql connection string ("Host=db1;Database=hsguard;Username=hsguard;Password=…").</summary>
    public string? ConnectionString { get; set; }

    /// <summary>This collector's name in the records it writes, to tell collectors apart on one
    /// database. Defaults to the machine name.</summary>
    [Required]
    public string CollectorName { get; set; } = Environment.MachineName;

    /// <summary>How often the allow entries (false positives) are read again from the store, so
    /// that collectors sharing a database honour each other's. Defaults to 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AllowRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StoreProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Provider PostgreSql needs a ConnectionString", [nameof(ConnectionString)]);
        }
    }
}
