using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Store;

/// <summary>One real PostgreSQL server for every test that needs one; each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "postgresql";

    private int _databases;

    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        string name = $"hsguard_test_{Interlocked.Increment(ref _databases)}";
        await Server.CreateDatabaseAsync(name);
        return Server.ConnectionString(name);
    }
}

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
