namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>Tests that suspend, resume and kill real processes: one at a time, and alone (they
/// load the CPUs with burners and measure CPU ticks), sharing the test user.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnforcementCollection : ICollectionFixture<EnforcementFixture>
{
    public const string Name = "enforcement";
}
