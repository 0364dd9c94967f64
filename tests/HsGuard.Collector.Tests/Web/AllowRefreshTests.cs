using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Store;
using HsGuard.Collector.Tests.Store;
using HsGuard.Collector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Collector.Tests.Web;

/// <summary>Allow entries are read again from the store: two collectors on one PostgreSQL database
/// honour each other's false positives, and a read older than a local change does not undo it.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class AllowRefreshTests(PostgresFixture postgres)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Refresh_EntryOfAnotherCollector_HonouredThenRevoked()
    {
        string database = await postgres.NewDatabaseAsync();
        (string, string)[] settings = [("Collector:Grpc:PlaintextOnLoopback", "true"), ("Collector:Store:Provider", "PostgreSql"),
            ("Collector:Store:ConnectionString", database), ("Collector:Store:AllowRefreshInterval", "00:00:01")];
        await using var a = await CollectorServer.StartAsync([.. settings, ("Collector:Store:CollectorName", "a")]);
        await using var b = await CollectorServer.StartAsync([.. settings, ("Collector:Store:CollectorName", "b")]);
        var allowedOnB = b.Services.GetRequiredService<AllowList>();

        var entry = a.Services.GetRequiredService<IncidentStore>().AddAllowEntry(
            new AllowEntry(0, "web1", "xyz00-web", "/usr/bin/ffmpeg", "encoder", "alice", T0, null));
        await Eventually.HoldsAsync(() => allowedOnB.AllowsProcess("web1", "xyz00-web", "/usr/bin/ffmpeg"),
            "collector b honouring collector a's allow entry", TimeSpan.FromSeconds(10), _cancel);

        a.Services.GetRequiredService<IncidentStore>().RemoveAllowEntry(entry.Id);
        await Eventually.HoldsAsync(() => !allowedOnB.AllowsProcess("web1", "xyz00-web", "/usr/bin/ffmpeg"),
            "collector b dropping the revoked entry", TimeSpan.FromSeconds(10), _cancel);
    }

    [Fact]
    public void LoadIfUnchanged_LocalChangeAfterTheRead_Kept()
    {
        var list = new AllowList();
        long before = list.Version;
        var local = new AllowEntry(7, null, "xyz00-web", "/tmp/x", "r", "alice", T0, null);
        list.Add(local);

        Assert.False(list.LoadIfUnchanged(before, []));
        Assert.Equal([local], list.Entries);
        Assert.True(list.LoadIfUnchanged(list.Version, []));
        Assert.Empty(list.Entries);
    }
}
