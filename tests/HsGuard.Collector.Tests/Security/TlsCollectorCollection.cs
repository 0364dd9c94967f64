namespace HsGuard.Collector.Tests.Security;

[CollectionDefinition(TlsCollectorFixture.Collection)]
public sealed class TlsCollectorCollection : ICollectionFixture<TlsCollectorFixture>;
