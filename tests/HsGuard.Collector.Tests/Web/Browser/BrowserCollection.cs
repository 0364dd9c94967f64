namespace HsGuard.Collector.Tests.Web.Browser;

/// <summary>The browser tests share one real collector with its local agent, one test user and one
/// Chromium, and run one at a time: they start a real miner stand-in and watch it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<WebUiRig>
{
    public const string Name = "web UI in a browser";
}
