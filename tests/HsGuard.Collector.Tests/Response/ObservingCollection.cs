namespace HsGuard.Collector.Tests.Response;

/// <summary>Tests that share one observing pair, alone like <see cref="EnforcingCollection"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservingCollection : ICollectionFixture<ObservingRig>
{
    public const string Name = "response observe";
}
