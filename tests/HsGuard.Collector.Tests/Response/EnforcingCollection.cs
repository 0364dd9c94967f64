namespace HsGuard.Collector.Tests.Response;

/// <summary>Tests that share one enforcing pair. They run burners and look at their CPU: alone,
/// so that other tests' burners do not starve them on a two-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnforcingCollection : ICollectionFixture<EnforcingRig>
{
    public const string Name = "response enforce";
}
