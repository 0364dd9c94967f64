namespace HsGuard.Collector.Tests.Support;

/// <summary>Tests that run real burners and measure CPU: one at a time, so that they do not starve
/// each other on a two-core machine.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class LiveProcesses
{
    public const string Collection = "live processes";
}
