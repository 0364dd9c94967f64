using System.Net;
using HsGuard.Collector.Tests.Store;
using HsGuard.Collector.Tests.Support;
using Npgsql;

namespace HsGuard.Collector.Tests.Web;

/// <summary>/healthz says what the store says: healthy while it answers, 503 once it does not.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class HealthTests(PostgresFixture postgres)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_DatabaseGone_Unhealthy503()
    {
        string connection = await postgres.NewDatabaseAsync();
        await using var server = await CollectorServer.StartAsync(("Collector:Grpc:PlaintextOnLoopback", "true"),
            ("Collector:Store:Provider", "PostgreSql"), ("Collector:Store:ConnectionString", connection));
        using var client = new HttpClient { BaseAddress = server.WebUrl };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", _cancel)).StatusCode);

        string database = new NpgsqlConnectionStringBuilder(connection).Database!;
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(postgres.Server.ConnectionString("postgres")))
        {
            await admin.OpenAsync(_cancel);
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(_cancel);
        }
        var response = await client.GetAsync("/healthz", _cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync(_cancel));
    }
}
