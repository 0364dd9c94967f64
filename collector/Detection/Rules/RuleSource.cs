namespace HsGuard.Collector.Detection.Rules;

/// <summary>What a rule is evaluated for, and so which fields it may use.</summary>
public enum RuleSource
{
    /// <summary>One process: proc.*, user.* (its user) and host.* fields.</summary>
    Process,

    /// <summary>One user on a host: user.* and host.* fields only.</summary>
    User,
}
