using HsGuard.Collector.Tests.Support;

namespace HsGuard.Collector.Tests.Security;

/// <summary>One collector speaking mutual TLS for the collection, its server certificate naming
/// "collector.test" and 127.0.0.1 (not "localhost").</summary>
public sealed class TlsCollectorFixture : IAsyncLifetime
{
    public const string Collection = "mutual TLS collector";

    internal CollectorServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await CollectorServer.StartAsync(("Collector:Tls:ServerNames:0", "collector.test"), ("Collector:Tls:ServerNames:1", "127.0.0.1"));

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
