using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Store;
using HsGuard.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using HsGuard.Collector.Tests.Support;

namespace HsGuard.Collector.Tests.Store;

/// <summary>The store's contract, run against SQLite and against a real PostgreSQL server: the
/// same code path, the same tests.</summary>
public abstract partial class IncidentStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _state = new();

    protected abstract Task<StoreOptions> OptionsAsync();

    protected StoreOptions Options { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Options = await OptionsAsync();

    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        return ValueTask.CompletedTask;
    }

    private IncidentStore NewStore(string collector = "c1")
    {
        var options = new StoreOptions { Provider = Options.Provider, ConnectionString = Options.ConnectionString, CollectorName = collector };
        return new IncidentStore(Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(new CollectorOptions { StateDirectory = _state.Path }), NullLogger<IncidentStore>.Instance);
    }

    private static Incident Written(IncidentStore store, string host = "web1")
    {
        var book = new IncidentBook(new DetectionOptions(), store);
        var state = new HsGuard.Collector.Ingest.HostState(host, new HsGuard.Collector.Ingest.IngestOptions());
        state.Greet(Batches.Hello(host), T0);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(4242, "kthreaddi", cpu: 150)), T0);
        var process = state.Find(4242, 5000)!;
        return book.Report(state, process,
        [
            new FiredRule("Kernel thread name on a user program", 60, "WARNING", ["maturity_stable", "T1496"], "kthreaddi looks like kthreadd"),
            new FiredRule("Executable in a temporary directory", 45, "WARNING", ["maturity_stable"], "runs /tmp/x"),
        ], new HashSet<string>(), 0.25, T0.AddSeconds(3));
    }

    [Fact]
    public void Migrate_Twice_SameVersionNothingTwice()
    {
        var store = NewStore();

        int latest = HsGuard.Collector.Store.Migrations.Steps[^1].Version;
        Assert.Equal(latest, store.Migrate());
        Assert.Equal(latest, store.Migrate());
    }

    [Fact]
    public void LoadOpen_WrittenIncident_ComesBackWhole()
    {
        var store = NewStore();
        store.Migrate();
        var incident = Written(store);
        var book = new IncidentBook(new DetectionOptions(), store);
        var action = new IncidentAction(T0.AddSeconds(4), "suspend", "policy", "automatic suspension", "cmd-1") { Status = "sent" };
        book.AddAction(incident, action);
        book.ChangeAction(action, a =>
        {
            a.Status = "done";
            a.Method = "cgroup v1 freezer";
            a.Outcomes.Add("4242 kthreaddi frozen");
            a.CompletedAt = T0.AddSeconds(5);
        });
        book.SetStatus(incident, IncidentStatus.Suspended);

        var loaded = Assert.Single(NewStore().LoadOpen());

        Assert.Equal(incident.Id, loaded.Id);
        Assert.Equal(("web1", 1000u, "xyz00-web"), (loaded.Host, loaded.Uid, loaded.User));
        Assert.Equal((4242, 5000ul, "kthreaddi"), (loaded.OffenderPid, loaded.OffenderStartTicks, loaded.OffenderComm));
        Assert.Equal((105, Verdict.Suspend, "WARNING", IncidentStatus.Suspended), (loaded.Score, loaded.Verdict, loaded.Severity, loaded.Status));
        Assert.Equal(incident.DetectedAt, loaded.DetectedAt);
        Assert.Equal(incident.FirstSeen, loaded.FirstSeen);
        Assert.Equal(["Executable in a temporary directory", "Kernel thread name on a user program"], loaded.Findings.Select(f => f.Rule).Order());
        Assert.Contains(loaded.Findings, f => f.Tags.Contains("T1496") && f.Output == "kthreaddi looks like kthreadd");
        var restored = Assert.Single(loaded.Actions, a => a.CommandId == "cmd-1");
        Assert.Equal(("done", "cgroup v1 freezer", "4242 kthreaddi frozen"), (restored.Status, restored.Method, Assert.Single(restored.Outcomes)));
        Assert.NotNull(loaded.Evidence);
        Assert.Equal(0.25, loaded.Evidence!.BaselineScore);
        Assert.Contains(loaded.Evidence.Tree, p => p.Pid == 4242 && p.Comm == "kthreaddi");
        Assert.True(loaded.Involves(4242, 5000));
    }

    [Fact]
    public void LoadOpen_ClosedIncident_StaysOut()
    {
        var store = NewStore();
        store.Migrate();
        var incident = Written(store);
        new IncidentBook(new DetectionOptions(), store).SetStatus(incident, IncidentStatus.Closed);

        Assert.Empty(NewStore().LoadOpen());
    }

    [Fact]
    public void Create_TwoCollectorsOnOneDatabase_UniqueIdsEachLoadsItsOwn()
    {
        var first = NewStore("collector-a");
        var second = NewStore("collector-b");
        first.Migrate();
        second.Migrate();

        var a = Written(first, "web1");
        var b = Written(second, "web2");

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal("web1", Assert.Single(NewStore("collector-a").LoadOpen()).Host);
        Assert.Equal("web2", Assert.Single(NewStore("collector-b").LoadOpen()).Host);
    }

    [Fact]
    public async Task Migrate_ManyAtOnce_OneSchema()
    {
        var stores = Enumerable.Range(0, 4).Select(i => NewStore($"c{i}")).ToList();

        int[] versions = await Task.WhenAll(stores.Select(s => Task.Run(s.Migrate)));

        Assert.All(versions, v => Assert.Equal(HsGuard.Collector.Store.Migrations.Steps[^1].Version, v));
    }

    [Fact]
    public void HostSeen_Again_OneRowWithTheLatest()
    {
        var store = NewStore();
        store.Migrate();

        store.HostSeen("web1", "0.1.0", "boot-1", T0);
        store.HostSeen("web1", "0.2.0", "boot-2", T0.AddHours(1));

        using var connection = store.Open();
        var row = Dapper.SqlMapper.QuerySingle(connection, "SELECT agent_version, boot_id, first_seen, last_seen FROM hosts");
        Assert.Equal(("0.2.0", "boot-2"), ((string)row.agent_version, (string)row.boot_id));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), (long)row.first_seen);
        Assert.Equal(T0.AddHours(1).ToUnixTimeMilliseconds(), (long)row.last_seen);
    }
}

public sealed class SqliteIncidentStoreTests : IncidentStoreTests
{
    private readonly TempDirectory _db = new();

    protected override Task<StoreOptions> OptionsAsync() =>
        Task.FromResult(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = _db.Combine("hsguard.db") });
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgreSqlIncidentStoreTests(PostgresFixture postgres) : IncidentStoreTests
{
    protected override async Task<StoreOptions> OptionsAsync() =>
        new() { Provider = StoreProvider.PostgreSql, ConnectionString = await postgres.NewDatabaseAsync() };
}
